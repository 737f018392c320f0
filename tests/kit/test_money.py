"""Money rounding: yuan as ``Decimal`` rounded to the fen, half-up, and its three displays."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beizeng.kit.money import to_fen, wan_display, yuan_display, yuan_str

# Up to a trillion yuan (money is NUMERIC(18, 2)) with up to six decimals: rates times balances.
yuan = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=6, allow_nan=False)


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        ("0.005", "0.01"),  # the tie goes up
        ("0.00499999", "0.00"),
        ("0.025", "0.03"),  # not to even: banker's rounding would give 0.02
        ("0.035", "0.04"),
        ("2.675", "2.68"),  # exact in Decimal (a float 2.675 is 2.67499…)
        ("5000.005", "5000.01"),  # 1% of an increase of 500,000.50
        ("7654.3211", "7654.32"),
        ("-0.005", "-0.01"),  # half-up is away from zero, so refunds mirror payments
        ("-7654.3251", "-7654.33"),
        ("1E+3", "1000.00"),
    ],
)
def test_to_fen_rounds_half_up_to_two_decimals(value: str, fen: str) -> None:
    rounded = to_fen(Decimal(value))
    assert rounded == Decimal(fen)
    assert rounded.as_tuple().exponent == -2


def test_to_fen_takes_integers_and_strings_as_yuan() -> None:
    assert str(to_fen(3)) == "3.00"
    assert str(to_fen("1234.5")) == "1234.50"
    assert str(to_fen("4676.3888")) == "4676.39"


def test_yuan_str_always_has_two_decimals_and_no_exponent() -> None:
    assert yuan_str(Decimal("1234.5")) == "1234.50"
    assert yuan_str(0) == "0.00"
    assert yuan_str("1E+3") == "1000.00"
    assert yuan_str(Decimal("-300000")) == "-300000.00"
    assert yuan_str(Decimal("8000.0066")) == "8000.01"


def test_yuan_display_groups_thousands() -> None:
    assert yuan_display(Decimal("1234.5")) == "1,234.50"
    assert yuan_display(Decimal("-1234567")) == "-1,234,567.00"
    assert yuan_display("999.995") == "1,000.00"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (7_200_000, "720.00"),
        (12_345, "1.23"),
        (12_350, "1.24"),  # 1.235 万元, half-up
        (-12_350, "-1.24"),
        (49, "0.00"),
        (50, "0.01"),  # 0.005 万元
        (123_456_789_000, "12,345,678.90"),
    ],
)
def test_wan_display_shows_yuan_in_ten_thousands(value: int, shown: str) -> None:
    assert wan_display(value) == shown


@given(yuan)
def test_to_fen_moves_a_value_by_at_most_half_a_fen_and_never_towards_zero_on_a_tie(
    value: Decimal,
) -> None:
    rounded = to_fen(value)
    difference = rounded - value
    assert abs(difference) <= Decimal("0.005")
    if abs(difference) == Decimal("0.005"):
        assert abs(rounded) > abs(value)


@given(yuan)
def test_to_fen_is_idempotent_and_symmetric(value: Decimal) -> None:
    rounded = to_fen(value)
    assert to_fen(rounded) == rounded
    assert to_fen(-value) == -rounded


@given(st.integers(min_value=-(10**14), max_value=10**14))
def test_a_whole_number_of_fen_is_unchanged(fen: int) -> None:
    value = Decimal(fen) / 100
    assert to_fen(value) == value


@given(yuan)
def test_the_displays_agree_with_the_rounded_value(value: Decimal) -> None:
    text = yuan_str(value)
    assert Decimal(text) == to_fen(value)
    assert len(text.split(".")[1]) == 2
    assert yuan_display(value).replace(",", "") == text
