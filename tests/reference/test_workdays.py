"""Working days on the official 2022 calendar (国务院办公厅 2021-10-25 notice)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beizeng.reference.workdays import (
    CalendarNotCovered,
    add_workdays,
    covered_years,
    is_workday,
    workdays_between,
)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def test_national_day_2022_is_off_and_the_weekend_after_it_is_worked() -> None:
    assert not any(is_workday(d) for d in _days(date(2022, 10, 1), date(2022, 10, 7)))
    assert is_workday(date(2022, 10, 8))  # Saturday
    assert is_workday(date(2022, 10, 9))  # Sunday


def test_spring_festival_2022_is_off_and_the_weekend_before_it_is_worked() -> None:
    assert is_workday(date(2022, 1, 29))  # Saturday
    assert is_workday(date(2022, 1, 30))  # Sunday
    assert not any(is_workday(d) for d in _days(date(2022, 1, 31), date(2022, 2, 6)))


def test_2022_has_249_working_days() -> None:
    assert workdays_between(date(2021, 12, 31), date(2022, 12, 31)) == 249
    assert sum(is_workday(d) for d in _days(date(2022, 1, 1), date(2022, 12, 31))) == 249


def test_adding_working_days_skips_the_national_day_holiday() -> None:
    # 10-08 and 10-09 are working weekend days, then 10-10 … 10-12.
    assert add_workdays(date(2022, 9, 30), 5) == date(2022, 10, 12)
    assert add_workdays(date(2022, 9, 30), 1) == date(2022, 10, 8)
    assert add_workdays(date(2022, 10, 3), 1) == date(2022, 10, 8)
    assert add_workdays(date(2022, 10, 8), -1) == date(2022, 9, 30)
    assert add_workdays(date(2022, 10, 3), 0) == date(2022, 10, 3)


def test_counting_between_dates_excludes_the_start_and_includes_the_end() -> None:
    assert workdays_between(date(2022, 9, 30), date(2022, 10, 12)) == 5
    assert workdays_between(date(2022, 10, 12), date(2022, 9, 30)) == 0
    assert workdays_between(date(2022, 10, 1), date(2022, 10, 1)) == 0


@pytest.mark.parametrize(
    "call",
    [
        lambda: is_workday(date(2099, 1, 1)),
        lambda: add_workdays(date(2099, 3, 1), 1),
        lambda: workdays_between(date(2022, 1, 1), date(2099, 1, 1)),
        lambda: add_workdays(date(covered_years().stop - 1, 12, 30), 10),
        lambda: is_workday(date(covered_years().start - 1, 6, 1)),
    ],
)
def test_dates_outside_the_calendar_are_refused_not_guessed(call: object) -> None:
    with pytest.raises(CalendarNotCovered) as caught:
        call()  # type: ignore[operator]
    assert "覆盖范围" in caught.value.message


def test_the_calendar_covers_2022() -> None:
    assert 2022 in covered_years()


_COVERED = st.dates(date(covered_years().start, 1, 1), date(covered_years().stop - 1, 6, 30))


@given(_COVERED, st.integers(0, 100))
def test_counting_back_the_added_working_days_gives_n(start: date, n: int) -> None:
    end = add_workdays(start, n)
    assert workdays_between(start, end) == n
    assert n == 0 or is_workday(end)


@given(_COVERED)
def test_one_day_span_counts_one_exactly_on_working_days(day: date) -> None:
    assert workdays_between(day - timedelta(days=1), day) == int(is_workday(day))


def test_counting_may_start_the_day_before_the_calendar_begins() -> None:
    first = covered_years().start
    eve = date(first - 1, 12, 31)
    assert workdays_between(eve, date(first, 1, 31)) == sum(
        is_workday(d) for d in _days(date(first, 1, 1), date(first, 1, 31))
    )
