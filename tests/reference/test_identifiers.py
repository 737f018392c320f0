"""USCC (GB 32100-2015) and resident ID (GB 11643-1999): official examples, traps, properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from beizeng.reference.identifiers import (
    USCC_ALPHABET,
    USCC_AUTHORITIES,
    USCC_WEIGHTS,
    IdentifierInvalid,
    address_code_info,
    describe_resident_id,
    describe_uscc,
    mask_identifier,
    mask_resident_id,
    normalize_uscc,
    resident_id_birth_date,
    resident_id_check_char,
    resident_id_sex,
    uscc_check_char,
    uscc_kind,
    validate_resident_id,
    validate_uscc,
)

PUBLISHED_USCCS = [
    "91110000600037341L",
    "914403001922038216",
    "91110000101623741K",
    "911101066976941872",
]
# A village collective economic organisation of 临县 (N = 农业, 2 = 村级).
RURAL_COLLECTIVE_USCC = "N2141124MF00000015"
# Born 1985 with the code of 离石市 of the former 吕梁地区 (in force 1996–2003 only).
LULIANG_1423_BORN_1985 = "142302198503150018"
# Born 1970 with the code of 离石区, which exists only since 2003.
LULIANG_1411_BORN_1970 = "141102197001010027"
TODAY = date(2024, 6, 30)
"""The caller's date in China: the rules never read the machine's clock."""


# --- USCC ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", PUBLISHED_USCCS)
def test_published_uscc_is_valid(code: str) -> None:
    assert validate_uscc(code) == code


@pytest.mark.parametrize(
    ("code", "expected", "given"),
    [("91110000600037341N", "L", "N"), ("91350211M0000XUF46", "R", "6")],
)
def test_wrong_check_character_names_expected_and_given(
    code: str, expected: str, given: str
) -> None:
    with pytest.raises(IdentifierInvalid) as caught:
        validate_uscc(code)
    assert caught.value.kind == "uscc"
    assert caught.value.value == code
    assert caught.value.rule == f"校验码应为「{expected}」，实际为「{given}」"
    assert code in caught.value.message


def test_uscc_beginning_with_a_letter_is_accepted_although_stdnum_refuses_it() -> None:
    assert not stdnum_uscc.is_valid(RURAL_COLLECTIVE_USCC)
    assert validate_uscc(RURAL_COLLECTIVE_USCC) == RURAL_COLLECTIVE_USCC
    assert uscc_kind(RURAL_COLLECTIVE_USCC) == "村级集体经济组织"


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("91110000600037341L", "企业"),
        ("92" + "141102MA0000001", "个体工商户"),
        ("93" + "141124MA0000002", "农民专业合作社"),
    ],
)
def test_uscc_kind_reads_positions_one_and_two(code: str, kind: str) -> None:
    full = code if len(code) == 18 else code + uscc_check_char(code)
    assert uscc_kind(full) == kind


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("9111000060003734", "长度须为 18 位，实际 16 位"),
        ("", "代码为空"),
        ("91110000600O37341L", "第 12 位「O」不在代码字符集中"),
        ("B1110000600037341L", "第 1 位登记管理部门代码「B」无效"),
        ("9411000060003734XL", "第 2 位机构类别代码「4」不属于登记管理部门「工商」"),
        ("91AB0000600037341L", "第 3–8 位登记管理机关行政区划码「AB0000」须为 6 位数字"),
    ],
)
def test_invalid_uscc_names_the_rule_it_breaks(code: str, fragment: str) -> None:
    with pytest.raises(IdentifierInvalid) as caught:
        validate_uscc(code)
    assert fragment in caught.value.rule


def test_uscc_is_normalised_from_full_width_lower_case_spaces_and_hyphens() -> None:
    messy = " ９１１１００００-６０００３７３４１ｌ "
    assert normalize_uscc(messy) == "91110000600037341L"
    assert validate_uscc("9111 0000 6000 3734 1l") == "91110000600037341L"


def test_uscc_weights_are_powers_of_three_modulo_31_as_stdnum_uses() -> None:
    assert USCC_WEIGHTS[:6] == (1, 3, 9, 27, 19, 26)
    body = "91110000600037341"
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    assert USCC_ALPHABET[(31 - total % 31) % 31] == "L" == uscc_check_char(body)


def test_describe_uscc_splits_the_code_into_its_fields() -> None:
    parts = describe_uscc(RURAL_COLLECTIVE_USCC)
    assert parts.authority == "N 农业"
    assert parts.region_code == "141124"
    assert parts.region is not None and parts.region.name == "山西省吕梁市临县"
    assert parts.subject == "MF0000001"


def _uscc_bodies() -> st.SearchStrategy[str]:
    authorities = st.sampled_from(sorted(USCC_AUTHORITIES))
    return authorities.flatmap(
        lambda a: st.tuples(
            st.just(a),
            st.sampled_from(sorted(USCC_AUTHORITIES[a][1])),
            st.text("0123456789", min_size=6, max_size=6),
            st.text(USCC_ALPHABET, min_size=9, max_size=9),
        ).map("".join)
    )


@given(_uscc_bodies())
def test_check_character_makes_any_well_formed_body_valid(body: str) -> None:
    code = body + uscc_check_char(body)
    assert validate_uscc(code) == code


@given(_uscc_bodies(), st.integers(0, 17), st.sampled_from(USCC_ALPHABET))
def test_uscc_with_one_character_changed_fails(body: str, position: int, char: str) -> None:
    code = body + uscc_check_char(body)
    if code[position] == char:
        char = USCC_ALPHABET[(USCC_ALPHABET.index(char) + 1) % 31]
    changed = code[:position] + char + code[position + 1 :]
    with pytest.raises(IdentifierInvalid):
        validate_uscc(changed)


# --- resident ID ----------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["11010519491231002X", "360426199101010071"])
def test_official_resident_id_examples_are_valid(number: str) -> None:
    assert validate_resident_id(number, today=TODAY) == number


def test_lower_case_x_is_normalised() -> None:
    assert validate_resident_id("11010519491231002x", today=TODAY) == "11010519491231002X"


def test_wrong_resident_id_check_digit_names_expected_and_given() -> None:
    with pytest.raises(IdentifierInvalid) as caught:
        validate_resident_id("36042619910102009X", today=TODAY)
    assert caught.value.kind == "resident_id"
    assert caught.value.rule == "校验码应为「3」，实际为「X」"


def test_resident_id_with_impossible_birth_date_is_refused() -> None:
    with pytest.raises(IdentifierInvalid) as caught:
        validate_resident_id("360426199113010079", today=TODAY)
    assert "出生日期「19911301」" in caught.value.rule


@pytest.mark.parametrize("number", [LULIANG_1423_BORN_1985, LULIANG_1411_BORN_1970])
def test_luliang_codes_outside_their_years_are_accepted_although_stdnum_refuses(
    number: str,
) -> None:
    """Cards keep the address code of first issue (facts.md): do not judge it by birth year."""
    assert not stdnum_ric.is_valid(number)
    assert validate_resident_id(number, today=TODAY) == number


def test_birth_date_after_the_callers_today_is_refused_and_the_same_day_accepted() -> None:
    """ "Not in the future" is judged against the ``today`` the caller passes (consolidation
    issue, point 3), so the rule is the same on any machine and in any time zone."""
    body = "14110220240630001"
    number = body + resident_id_check_char(body)
    assert validate_resident_id(number, today=TODAY) == number
    with pytest.raises(IdentifierInvalid) as caught:
        validate_resident_id(number, today=date(2024, 6, 29))
    assert "出生日期「20240630」不可能" in caught.value.rule


def test_address_code_that_never_existed_is_refused() -> None:
    body = "14999919900101001"
    with pytest.raises(IdentifierInvalid) as caught:
        validate_resident_id(body + resident_id_check_char(body), today=TODAY)
    assert "地址码「149999」" in caught.value.rule


def test_fifteen_digit_first_generation_number_asks_for_eighteen_digits() -> None:
    with pytest.raises(IdentifierInvalid) as caught:
        validate_resident_id("360426910101007", today=TODAY)
    assert "18 位" in caught.value.rule


@pytest.mark.parametrize(
    ("number", "fragment"),
    [("3604261991010100", "长度须为 18 位"), ("3604261991X1010071", "前 17 位须为数字")],
)
def test_malformed_resident_id_names_the_rule(number: str, fragment: str) -> None:
    with pytest.raises(IdentifierInvalid) as caught:
        validate_resident_id(number, today=TODAY)
    assert fragment in caught.value.rule


def test_birth_date_and_sex_are_read_from_the_number() -> None:
    assert resident_id_birth_date("11010519491231002X", today=TODAY) == date(1949, 12, 31)
    assert resident_id_sex("11010519491231002X", today=TODAY) == "female"  # sequence 002
    assert resident_id_sex("360426199101010071", today=TODAY) == "male"  # sequence 007


def test_historic_luliang_address_code_names_its_successor() -> None:
    facts = describe_resident_id(LULIANG_1423_BORN_1985, today=TODAY)
    assert facts.masked == "142302********0018"
    assert facts.address is not None
    assert facts.address.name == "山西省吕梁地区离石市"
    assert facts.address.successor == "141102"
    assert address_code_info("141102") is not None
    assert address_code_info("149999") is None


def test_masking_keeps_the_address_code_and_the_last_four() -> None:
    assert mask_resident_id("14110219700101002X") == "141102********002X"


def test_mask_identifier_masks_people_and_leaves_enterprises() -> None:
    assert mask_identifier("141102197001010027") == "141102********0027"
    assert mask_identifier("914403001922038216") == "914403001922038216"
    # A mistyped resident ID is still a person's number: mask it anyway.
    assert mask_identifier("141102197001010028") == "141102********0028"


_ADDRESS_CODES = ["110105", "360426", "140000", "141100", "141124", "142300", "142326", "141182"]


def _resident_bodies() -> st.SearchStrategy[str]:
    return st.tuples(
        st.sampled_from(_ADDRESS_CODES),
        st.dates(date(1900, 1, 1), date(2020, 12, 31)).map(lambda d: d.strftime("%Y%m%d")),
        st.text("0123456789", min_size=3, max_size=3),
    ).map("".join)


@given(_resident_bodies())
def test_check_character_makes_any_resident_body_valid(body: str) -> None:
    number = body + resident_id_check_char(body)
    assert validate_resident_id(number, today=TODAY) == number


@given(_resident_bodies(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_resident_id_with_one_character_changed_fails(body: str, position: int, char: str) -> None:
    number = body + resident_id_check_char(body)
    if number[position] == char:
        char = "0" if char == "X" else "X"
    changed = number[:position] + char + number[position + 1 :]
    with pytest.raises(IdentifierInvalid):
        validate_resident_id(changed, today=TODAY)
