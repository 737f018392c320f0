"""The one masking rule (JR/T 0171-2020, 7.1.2): pure, tested without fixtures."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beizeng.errors import Problem
from beizeng.privacy import rules
from beizeng.privacy.errors import PurposeRequired
from beizeng.reference.identifiers import (
    mask_identifier,
    mask_phone,
    mask_resident_id,
    mask_text,
    resident_id_check_char,
)
from tests.ledger.builders import resident_id, uscc

DIGITS = "0123456789"


def _resident_ids() -> st.SearchStrategy[str]:
    """Valid 18-character resident IDs (check character computed)."""
    bodies = st.text(DIGITS, min_size=17, max_size=17)
    return bodies.map(lambda body: body + resident_id_check_char(body))


ids_or_junk = st.text(DIGITS + "X", min_size=0, max_size=30)


def test_a_resident_id_keeps_its_address_code_and_its_last_four() -> None:
    number = resident_id(123, born="19850315")
    assert mask_resident_id(number) == number[:6] + "********" + number[-4:]
    assert mask_resident_id("14110219700101002x") == "141102********002X"


def test_a_mobile_keeps_its_first_three_and_last_four() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0358-8221234") == "035****1234"
    assert mask_phone("张三 138 1234 5678") == "张三 138****5678"


@given(_resident_ids())
def test_masking_a_resident_id_keeps_its_length_and_replaces_only_the_middle(
    number: str,
) -> None:
    masked = mask_resident_id(number)
    assert len(masked) == len(number) == 18
    assert masked[:6] == number[:6] and masked[-4:] == number[-4:]
    assert masked[6:14] == "*" * 8


@given(ids_or_junk)
def test_a_mask_never_shows_more_than_ten_characters_and_hides_at_least_eight(
    value: str,
) -> None:
    masked = mask_resident_id(value)
    assert len(masked) == len(value)
    shown = [c for c in masked if c != "*"]
    assert len(shown) <= 10
    assert masked.count("*") >= min(8, len(value))
    for i, c in enumerate(masked):
        assert c == "*" or c == value[i]


@given(ids_or_junk)
def test_masking_twice_changes_nothing(value: str) -> None:
    assert mask_resident_id(mask_resident_id(value)) == mask_resident_id(value)
    assert mask_identifier(mask_identifier(value)) == mask_identifier(value)
    assert mask_phone(mask_phone(value)) == mask_phone(value)
    assert mask_text(mask_text(value)) == mask_text(value)


@given(st.text(DIGITS, min_size=7, max_size=20))
def test_a_phone_mask_keeps_at_most_seven_digits_and_the_length(number: str) -> None:
    masked = mask_phone(number)
    assert len(masked) == len(number)
    assert sum(c != "*" for c in masked) <= 7
    assert masked.count("*") >= 4


@given(_resident_ids())
def test_an_id_in_free_text_or_an_id_column_is_never_shown_whole(number: str) -> None:
    assert number not in mask_identifier(number)
    assert number not in mask_text(f"借款人 {number}，请核对")
    assert number not in rules.mask("resident_id", number)


def test_a_uscc_is_not_personal_and_is_shown_as_it_is() -> None:
    code = uscc(7)
    assert mask_identifier(code) == code
    assert mask_text(f"企业 {code}") == f"企业 {code}"


@pytest.mark.parametrize("value", ["", "无", "1.41102E+17", "abc", "请联系村委会"])
def test_text_without_a_long_run_of_digits_is_left_alone(value: str) -> None:
    assert mask_identifier(value) == value
    assert mask_phone(value) == value
    assert mask_text(value) == value


@given(st.text(max_size=40))
def test_any_text_is_handled_without_error(value: str) -> None:
    for mask in (mask_identifier, mask_phone, mask_text, mask_resident_id):
        assert isinstance(mask(value), str)


def test_a_problem_echoes_the_id_masked_and_keeps_row_column_and_rule() -> None:
    number = resident_id(5)
    problem = Problem("台账.csv", 8, "borrower_id", number, "公民身份号码校验码错误")
    masked = rules.masked_problem(problem, identifier_columns=("borrower_id",))
    assert (masked.row, masked.column, masked.rule) == (8, "borrower_id", problem.rule)
    assert masked.value == mask_resident_id(number)
    assert number not in masked.describe()
    pasted = Problem("台账.csv", 9, "borrower_name", f"王五{number}", "x")
    assert number not in (rules.masked_problem(pasted).value or "")
    phone = Problem("名单.csv", 3, "联系方式", "13812345678" * 4, "不超过 40 个字符")
    assert rules.masked_problem(phone, phone_columns=("联系方式",)).value == mask_phone(
        "13812345678" * 4
    )


def test_a_row_repeated_in_an_error_report_masks_the_identifier_cell() -> None:
    number = resident_id(6)
    assert rules.masked_row(["JJ1", number, None, "13812345678"], identifier_index=1) == [
        "JJ1",
        mask_resident_id(number),
        None,
        "138****5678",
    ]


def test_the_subject_sees_its_own_value_whole_and_others_the_mask() -> None:
    assert rules.shown("phone", "13812345678", own=True, revealable=False).text == "13812345678"
    other = rules.shown("phone", "13812345678", own=False, revealable=True)
    assert (other.text, other.whole, other.revealable) == ("138****5678", False, True)
    assert rules.shown("phone", None, own=False, revealable=True) == rules.Shown("—")


@pytest.mark.parametrize("purpose", ["", " ", "a", "长" * 201])
def test_a_whole_value_needs_a_purpose_of_two_to_two_hundred_characters(purpose: str) -> None:
    with pytest.raises(PurposeRequired):
        rules.check_purpose(purpose)


def test_a_purpose_is_trimmed() -> None:
    assert rules.check_purpose("  联系企业  办理 ") == "联系企业 办理"
