"""GB/T 4754-2017 sections, divisions, normalisation and named groups."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beizeng.errors import InvalidInput
from beizeng.reference.industries import (
    INDUSTRY_GROUPS,
    SECTIONS,
    IndustryInvalid,
    describe_industry,
    division_name,
    divisions,
    groups_of,
    in_group,
    industry_section,
    normalise_industry,
    section_name,
)

# facts.md, "GB/T 4754-2017 sections": section → first and last division.
SECTION_RANGES = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52),
    "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72),
    "M": (73, 75), "N": (76, 79), "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90),
    "S": (91, 96), "T": (97, 97),
}  # fmt: skip


def test_there_are_twenty_sections_and_97_divisions_in_the_published_ranges() -> None:
    assert list(SECTIONS) == list(SECTION_RANGES)
    table = divisions()
    assert list(table) == [f"{d:02d}" for d in range(1, 98)]
    for section, (low, high) in SECTION_RANGES.items():
        assert {d for d, (s, _) in table.items() if s == section} == {
            f"{d:02d}" for d in range(low, high + 1)
        }


@pytest.mark.parametrize(
    ("division", "name"),
    [
        ("06", "煤炭开采和洗选业"),
        ("25", "石油、煤炭及其他燃料加工业"),
        ("26", "化学原料和化学制品制造业"),
        ("31", "黑色金属冶炼和压延加工业"),
        ("32", "有色金属冶炼和压延加工业"),
        ("62", "餐饮业"),
        ("96", "基层群众自治组织及其他组织"),
    ],
)
def test_division_names_are_the_official_ones(division: str, name: str) -> None:
    assert division_name(division) == name


def test_section_names() -> None:
    assert section_name("c") == "制造业"
    assert section_name("G") == "交通运输、仓储和邮政业"
    with pytest.raises(IndustryInvalid):
        section_name("Z")


@pytest.mark.parametrize(
    ("given_code", "canonical"),
    [
        ("C3011", "C3011"),
        ("3011", "C3011"),
        ("c30", "C30"),
        ("C", "C"),
        ("30", "C30"),
        (" l 7291 ", "L7291"),
        ("０６", "B06"),
        ("786", "N786"),
    ],
)
def test_codes_are_normalised_with_their_section_letter(given_code: str, canonical: str) -> None:
    assert normalise_industry(given_code) == canonical


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        ("", "代码为空"),
        ("U", "没有门类「U」"),
        ("C3", "数字部分须为 2–4 位"),
        ("C30111", "数字部分须为 2–4 位"),
        ("98", "没有大类「98」"),
        ("00", "没有大类「00」"),
        ("B30", "门类「B」与大类 30（属门类 C）不符"),
        ("C-30", "须为门类字母和/或 2–4 位数字"),
    ],
)
def test_invalid_codes_name_value_and_rule(bad: str, fragment: str) -> None:
    with pytest.raises(IndustryInvalid) as caught:
        normalise_industry(bad)
    assert caught.value.value == bad
    assert fragment in caught.value.rule


@given(st.integers(1, 97), st.text("0123456789", max_size=2), st.booleans())
def test_any_division_with_or_without_its_letter_normalises_the_same(
    division: int, rest: str, lower: bool
) -> None:
    digits = f"{division:02d}{rest}"
    section = industry_section(digits)
    letter = section.lower() if lower else section
    assert normalise_industry(letter + digits) == normalise_industry(digits) == section + digits


def test_description_walks_from_section_to_the_named_levels() -> None:
    assert describe_industry("C3011") == "C 制造业 / 30 非金属矿物制品业"
    assert describe_industry("7291") == (
        "L 租赁和商务服务业 / 72 商务服务业 / 729 其他商务服务业 / 7291 旅行社及相关服务"
    )
    assert describe_industry("G") == "G 交通运输、仓储和邮政业"


@pytest.mark.parametrize(
    ("code", "group", "inside"),
    [
        ("C3011", "manufacturing", True),
        ("C", "manufacturing", True),
        ("B06", "manufacturing", False),
        ("H6210", "catering", True),
        ("F5211", "services", True),
        ("R", "culture_sports_entertainment", True),
        ("R88", "services", True),
        ("L7291", "travel_agencies", True),
        ("L72", "travel_agencies", False),
        ("L7292", "services", False),
        ("B0610", "key_industries", True),
        ("C2520", "coking", True),
        ("C3216", "non_ferrous", True),
        ("N7861", "tourism", True),
        ("L7282", "tourism", True),
        ("H61", "tourism", True),
        ("H62", "tourism", False),
    ],
)
def test_named_groups_contain_their_codes(code: str, group: str, inside: bool) -> None:
    assert in_group(code, group) is inside


def test_groups_of_lists_every_group_of_a_code() -> None:
    assert groups_of("L7291") == ["travel_agencies", "services", "tourism"]
    assert set(groups_of("C3120")) == {"manufacturing", "iron_steel", "key_industries"}


def test_unknown_group_is_an_input_error_listing_the_groups() -> None:
    with pytest.raises(InvalidInput) as caught:
        in_group("C30", "heavy_industry")
    assert "manufacturing" in caught.value.message
    assert set(INDUSTRY_GROUPS) >= {"manufacturing", "services", "tourism", "key_industries"}
