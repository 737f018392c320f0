"""Pure rules of the enterprise profile: who is sized, and how matching names the applicant."""

from __future__ import annotations

import pytest

from beizeng.enterprise.rules import entity_label, needs_size


def test_only_enterprises_are_sized() -> None:
    assert needs_size("enterprise") is True
    assert needs_size("individual_business") is False
    assert needs_size("farmer_cooperative") is False


@pytest.mark.parametrize(
    ("kind", "size", "label"),
    [
        ("enterprise", "large", "大型企业"),
        ("enterprise", "medium", "中型企业"),
        ("enterprise", "small", "小型企业"),
        ("enterprise", "micro", "微型企业"),
        ("enterprise", None, "企业"),  # not sized yet
        ("individual_business", None, "个体工商户"),
        ("individual_business", "small", "个体工商户"),  # a size never applies to it
        ("farmer_cooperative", None, "farmer_cooperative"),  # unknown kinds are shown as is
    ],
)
def test_the_applicant_is_named_by_size_when_sized_else_by_kind(
    kind: str, size: str | None, label: str
) -> None:
    assert entity_label(kind, size) == label
