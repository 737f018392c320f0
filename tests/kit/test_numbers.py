"""Numbers as a central bank writes them (issue 14 point 1): examples from the bulletins' own
figures, and properties over any magnitude (never an exponent, the digits read back exactly)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from beizeng.kit import numbers

AMOUNTS = st.decimals(
    min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=2, allow_nan=False
)


def test_balances_are_in_wan_yuan_with_separators() -> None:
    assert str(numbers.money(Decimal("548823900"))) == "54,882.39万元"
    assert numbers.money(Decimal("548823900")).value == Decimal("54882.39")


def test_city_totals_may_be_in_yi_yuan() -> None:
    assert str(numbers.money(Decimal("2130000000"), "亿元")) == "21.30亿元"
    assert numbers.unit_for_totals([Decimal("2130000000"), None]) == "亿元"
    assert numbers.unit_for_totals([Decimal("43150000")]) == "万元"


def test_rates_are_percentages_with_two_decimals_and_changes_are_points() -> None:
    assert str(numbers.rate(Decimal("0.1083"))) == "10.83%"
    assert str(numbers.rate(0.1083)) == "10.83%"  # a float's binary noise never shows
    assert str(numbers.points(Decimal("-0.012"))) == "-1.20个百分点"
    assert str(numbers.change(Decimal("0.012"), "fraction")) == "1.20个百分点"
    assert str(numbers.change(Decimal("-150000"), "yuan")) == "-15.00万元"


def test_counts_are_integers_with_separators() -> None:
    assert str(numbers.count(1234567)) == "1,234,567户"
    assert str(numbers.metric(3, "item")) == "3项"
    assert str(numbers.metric(12, "application")) == "12笔"
    assert str(numbers.basis_points(Decimal("25"))) == "25个基点"
    assert str(numbers.basis_points(Decimal("12.5"))) == "12.50个基点"


def test_rounding_is_half_up() -> None:
    assert numbers.decimal_text(Decimal("0.125"), 2) == "0.13"
    assert numbers.decimal_text(Decimal("-0.125"), 2) == "-0.13"
    assert numbers.decimal_text(Decimal("-0.001"), 2) == "0.00"  # never "-0.00"


def test_a_missing_value_is_a_dash_that_says_why() -> None:
    shown = numbers.metric(None, "yuan", reason="本期未报送台账")
    assert str(shown) == "—"
    assert shown.__html__() == '<span class="num missing" title="本期未报送台账">—</span>'


def test_cells_carry_the_exact_value_for_the_export() -> None:
    html = numbers.money(Decimal("-123456")).__html__()
    assert html == '<span class="num" data-value="-12.35" data-unit="万元">-12.35</span>'


def test_reasons_are_escaped() -> None:
    assert "&lt;b&gt;" in numbers.missing("<b>").__html__()


@given(AMOUNTS, st.sampled_from(["元", "万元", "亿元"]))
def test_money_never_uses_an_exponent_and_reads_back(
    yuan: Decimal, unit: numbers.MoneyUnit
) -> None:
    shown = numbers.money(yuan, unit)
    assert "E" not in shown.text and "e" not in shown.text
    expected = (yuan / numbers.MONEY_SCALES[unit]).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert Decimal(shown.text.replace(",", "")) == expected == shown.value


@given(st.decimals(min_value=-10, max_value=10, places=6, allow_nan=False))
def test_rates_read_back_to_the_rounded_percentage(fraction: Decimal) -> None:
    shown = numbers.rate(fraction)
    assert Decimal(shown.text.replace(",", "")) == (fraction * 100).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )


@given(st.lists(AMOUNTS, min_size=1, max_size=20), st.integers(min_value=4, max_value=20))
def test_the_fitted_unit_fits_when_wan_yuan_does(values: list[Decimal], width: int) -> None:
    unit = numbers.fit_money_unit(values, width)
    if unit == "万元":
        assert all(len(numbers.money(v).text) <= width for v in values)
    else:
        assert any(len(numbers.money(v).text) > width for v in values)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_axis_ticks_never_use_an_exponent(value: float) -> None:
    label = numbers.axis_formatter("万元")(value, None)
    assert "e" not in label.lower()
    assert numbers.axis_formatter("户")(value, None).count(".") == 0
