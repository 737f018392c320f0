"""Pure rules of products and the four lists (C-3.4.1, C-3.4.6): consistent ranges, the 36%
ceiling, who may see the due-diligence exemption list, and the Chinese labels."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from beizeng.product.rules import (
    GUARANTEES,
    TermsCheck,
    labels,
    list_visible,
    terms_problems,
    unknown_codes,
)

GOOD = TermsCheck(
    min_amount=Decimal("100000"),
    max_amount=Decimal("3000000"),
    min_term_months=6,
    max_term_months=36,
    rate_min=Decimal("0.0385"),
    rate_max=Decimal("0.06"),
    reply_days=5,
)
AMOUNT = "金额范围应为正数且下限不大于上限"
TERM = "期限范围应为 1–360 个月且下限不大于上限"
RATE = "利率范围应在 0–36% 之间且下限不大于上限（以小数表示，如 0.0435）"
REPLY = "承诺回复时间应为 1–30 个工作日"


def test_consistent_terms_break_no_rule() -> None:
    assert terms_problems(GOOD) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"min_amount": Decimal("0")}, AMOUNT),
        ({"min_amount": Decimal("-1")}, AMOUNT),
        ({"max_amount": Decimal("99999.99")}, AMOUNT),
        ({"min_term_months": 0}, TERM),
        ({"max_term_months": 5}, TERM),
        ({"max_term_months": 361}, TERM),
        ({"rate_min": Decimal("0")}, RATE),
        ({"rate_max": Decimal("0.0384")}, RATE),
        ({"rate_max": Decimal("0.3601")}, RATE),
        ({"reply_days": 0}, REPLY),
        ({"reply_days": 31}, REPLY),
    ],
)
def test_each_broken_range_is_named(change: dict[str, Any], problem: str) -> None:
    assert terms_problems(replace(GOOD, **change)) == [problem]


@pytest.mark.parametrize(
    "change",
    [
        {"min_amount": Decimal("3000000")},  # a single amount
        {"min_term_months": 1, "max_term_months": 360},
        {"rate_min": Decimal("0.36"), "rate_max": Decimal("0.36")},  # 36% itself is allowed
        {"reply_days": 1},
        {"reply_days": 30},
    ],
)
def test_the_limits_themselves_are_allowed(change: dict[str, Any]) -> None:
    assert terms_problems(replace(GOOD, **change)) == []


def test_every_broken_rule_is_reported_at_once_in_a_fixed_order() -> None:
    bad = TermsCheck(Decimal(0), Decimal(0), 0, 0, Decimal(0), Decimal(0), 0)
    assert terms_problems(bad) == [AMOUNT, TERM, RATE, REPLY]


def test_unknown_codes_are_returned_in_the_order_given() -> None:
    assert unknown_codes(["credit", "cash", "pledge", "gift"], GUARANTEES) == ["cash", "gift"]
    assert unknown_codes([], GUARANTEES) == []
    assert unknown_codes(["A", "Z"], frozenset("ABC")) == ["Z"]


@pytest.mark.parametrize(
    ("role", "own", "visible"),
    [
        ("pboc", False, True),
        (None, True, True),  # the institution's own staff, whatever the role name
        ("bank", True, True),
        ("bank", False, False),
        ("gov", False, False),
        ("enterprise", False, False),
        (None, False, False),  # signed out
    ],
)
def test_the_exemption_list_is_seen_only_by_pboc_and_the_owner(
    role: str | None, own: bool, visible: bool
) -> None:
    assert list_visible("exemption", role=role, own=own) is visible


@pytest.mark.parametrize("kind", ["authorization", "credit_granting", "acceptance_reply"])
def test_the_other_three_lists_are_public(kind: str) -> None:
    assert list_visible(kind, role=None, own=False) is True


def test_labels_join_chinese_names_and_say_unrestricted_when_empty() -> None:
    assert labels(["credit", "mortgage"], GUARANTEES) == "信用、抵押"
    assert labels([], GUARANTEES) == "不限"
    assert labels([], GUARANTEES, empty="全市") == "全市"
    assert labels(["credit", "barter"], GUARANTEES) == "信用、barter"  # unknown: shown as is
