"""Maker-checker: one rule, one refusal, for every approval of the policy tools."""

from __future__ import annotations

import pytest

from beizeng.errors import NotPermitted
from beizeng.kit.approval import MakerIsChecker, check_two_people


def test_a_second_person_may_decide() -> None:
    check_two_people("clerk", "checker", what="批次 3")


def test_the_maker_may_not_decide_and_is_told_what_and_why() -> None:
    with pytest.raises(MakerIsChecker) as refused:
        check_two_people("clerk", "clerk", what="批次 3")
    assert refused.value.message == "批次 3 由 clerk 录入，须由另一人审批（双人复核）。"
    assert isinstance(refused.value, NotPermitted) and refused.value.status == 403


def test_the_refusal_names_the_decision_refused() -> None:
    with pytest.raises(MakerIsChecker, match="须由另一人办理"):
        check_two_people("clerk", "clerk", what="票据 B-1", act="办理")
