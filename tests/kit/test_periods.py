"""Month-end periods and quarters: the calendar of ledgers, growth comparisons and statements."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beizeng.errors import InvalidInput
from beizeng.kit.periods import Period, PeriodInvalid, Quarter, periods_between

periods = st.builds(
    Period, st.integers(min_value=1901, max_value=2990), st.integers(min_value=1, max_value=12)
)
"""Periods far enough from the ends of 1900–2999 to shift by a few years either way."""


@pytest.mark.parametrize(
    ("period", "end"),
    [
        (Period(2022, 1), date(2022, 1, 31)),
        (Period(2022, 2), date(2022, 2, 28)),
        (Period(2024, 2), date(2024, 2, 29)),  # leap year
        (Period(2000, 2), date(2000, 2, 29)),  # divisible by 400: leap
        (Period(1900, 2), date(1900, 2, 28)),  # divisible by 100 only: not leap
        (Period(2022, 4), date(2022, 4, 30)),
        (Period(2022, 12), date(2022, 12, 31)),
    ],
)
def test_a_period_ends_on_the_last_day_of_its_month(period: Period, end: date) -> None:
    assert period.end == end
    assert period.start == date(end.year, end.month, 1)


def test_periods_read_and_print_as_year_dash_month() -> None:
    assert Period.parse("2022-06") == Period(2022, 6)
    assert Period.parse(" 2022-06 ") == Period(2022, 6)
    assert str(Period(2022, 6)) == "2022-06"
    assert Period.of(date(2022, 6, 15)) == Period(2022, 6)


def test_periods_sort_by_year_then_month() -> None:
    assert Period(2021, 12) < Period(2022, 1) < Period(2022, 11)
    assert max([Period(2022, 2), Period(2021, 12), Period(2022, 10)]) == Period(2022, 10)


def test_growth_compares_with_a_year_ago_and_with_the_previous_december() -> None:
    june = Period(2022, 6)
    assert june.year_ago == Period(2021, 6)
    assert june.year_start == Period(2021, 12)
    # December's own start of the year is the December before, not itself.
    assert Period(2022, 12).year_start == Period(2021, 12)
    assert Period(2022, 1).year_start == Period(2021, 12)


def test_shift_crosses_year_ends_both_ways() -> None:
    assert Period(2022, 1).shift(-1) == Period(2021, 12)
    assert Period(2021, 12).shift(1) == Period(2022, 1)
    assert Period(2022, 6).shift(-25) == Period(2020, 5)
    assert Period(2022, 6).shift(0) == Period(2022, 6)


@pytest.mark.parametrize(
    ("month", "quarter"), [(1, 1), (3, 1), (4, 2), (6, 2), (7, 3), (9, 3), (10, 4), (12, 4)]
)
def test_a_month_belongs_to_its_quarter(month: int, quarter: int) -> None:
    assert Period(2022, month).quarter == Quarter(2022, quarter)


def test_a_quarter_closes_on_its_third_month_and_opens_on_the_month_before_it() -> None:
    assert Quarter(2022, 2).last_period == Period(2022, 6)
    assert Quarter(2022, 2).opening_period == Period(2022, 3)
    assert Quarter(2022, 1).opening_period == Period(2021, 12)
    assert Quarter(2022, 4).last_period == Period(2022, 12)


def test_quarters_read_in_either_case_and_print_compactly() -> None:
    assert Quarter.parse("2022Q2") == Quarter(2022, 2)
    assert Quarter.parse("2022q3") == Quarter(2022, 3)
    assert Quarter.parse(" 2022 Q4 ") == Quarter(2022, 4)
    assert str(Quarter(2022, 2)) == "2022Q2"


def test_periods_between_includes_both_ends_and_is_empty_when_reversed() -> None:
    assert periods_between(Period(2021, 11), Period(2022, 2)) == [
        Period(2021, 11),
        Period(2021, 12),
        Period(2022, 1),
        Period(2022, 2),
    ]
    assert periods_between(Period(2022, 6), Period(2022, 6)) == [Period(2022, 6)]
    assert periods_between(Period(2022, 6), Period(2022, 5)) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022-6", "期间「2022-6」格式不正确，应为 YYYY-MM，例如 2022-06。"),
        ("2022/06", "期间「2022/06」格式不正确，应为 YYYY-MM，例如 2022-06。"),
        ("202206", "期间「202206」格式不正确，应为 YYYY-MM，例如 2022-06。"),
        ("", "期间「」格式不正确，应为 YYYY-MM，例如 2022-06。"),
        ("2022-13", "期间「2022-13」的月份 13 不存在，应为 01–12。"),
        ("2022-00", "期间「2022-00」的月份 0 不存在，应为 01–12。"),
        ("1899-12", "期间「1899-12」不是有效的年月。"),
        ("3000-01", "期间「3000-01」不是有效的年月。"),
    ],
)
def test_a_bad_period_is_refused_with_a_chinese_message_naming_it(text: str, message: str) -> None:
    with pytest.raises(PeriodInvalid) as refused:
        Period.parse(text)
    assert refused.value.message == message


def test_a_period_built_directly_is_checked_too() -> None:
    with pytest.raises(PeriodInvalid, match="期间「2022-13」不是有效的年月。"):
        Period(2022, 13)
    with pytest.raises(PeriodInvalid, match="期间「3000-01」不是有效的年月。"):
        Period(2999, 12).shift(1)


@pytest.mark.parametrize("text", ["2022Q5", "2022Q0", "22Q1", "2022-Q1", "Q1 2022"])
def test_a_bad_quarter_is_refused_with_the_expected_form(text: str) -> None:
    with pytest.raises(PeriodInvalid) as refused:
        Quarter.parse(text)
    assert refused.value.message == f"季度「{text}」格式不正确，应为 YYYYQn，例如 2022Q2。"


def test_a_bad_period_is_a_user_error_not_a_crash() -> None:
    assert issubclass(PeriodInvalid, InvalidInput)
    assert PeriodInvalid("x").status == 422


@given(periods)
def test_the_end_is_the_last_day_of_the_month(period: Period) -> None:
    assert Period.of(period.end) == period
    assert (period.end + timedelta(days=1)).day == 1
    assert Period.of(period.start) == period and period.start.day == 1


@given(periods)
def test_text_round_trips(period: Period) -> None:
    assert Period.parse(str(period)) == period
    assert Quarter.parse(str(period.quarter)) == period.quarter


@given(periods, st.integers(min_value=-11, max_value=11))
def test_shifting_back_undoes_a_shift_and_twelve_months_is_a_year(
    period: Period, months: int
) -> None:
    assert period.shift(months).shift(-months) == period
    assert period.shift(-12) == period.year_ago
    assert period.shift(-period.month) == period.year_start
    assert (period.shift(months) > period) == (months > 0)


@given(periods)
def test_a_period_lies_within_its_quarter(period: Period) -> None:
    quarter = period.quarter
    assert quarter.opening_period < period <= quarter.last_period
    assert quarter.last_period.month % 3 == 0
    assert quarter.opening_period.shift(3) == quarter.last_period


@given(periods, st.integers(min_value=0, max_value=40))
def test_periods_between_counts_every_month_once(period: Period, months: int) -> None:
    last = period.shift(months)
    between = periods_between(period, last)
    assert between[0] == period and between[-1] == last
    assert len(between) == months + 1
    assert all(b.shift(-1) == a for a, b in zip(between, between[1:], strict=False))
