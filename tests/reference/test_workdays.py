"""Working days on the official calendar: the package's years, loaded notices, provisional years.

The 2022 examples are the State Council's 2021-10-25 notice (国办发明电〔2021〕11号).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beizeng.errors import InvalidInput
from beizeng.reference.workdays import PACKAGE_ONLY, YearDays, calendar_of, package_years

is_workday = PACKAGE_ONLY.is_workday
add_workdays = PACKAGE_ONLY.add_workdays
workdays_between = PACKAGE_ONLY.workdays_between


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


def test_a_year_without_a_notice_counts_weekdays_as_working_days() -> None:
    # 2027 is past chinesecalendar 1.11.0: New Year's Day (a Friday) counts provisionally.
    assert add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert add_workdays(date(2026, 12, 31), 2) == date(2027, 1, 4)
    assert not is_workday(date(2027, 1, 2))  # Saturday
    assert workdays_between(date(2026, 12, 31), date(2027, 12, 31)) == 261
    assert PACKAGE_ONLY.provisional_years(date(2026, 12, 28), date(2027, 1, 5)) == [2027]
    assert PACKAGE_ONLY.provisional_years(date(2026, 1, 1), date(2026, 12, 31)) == []


def test_a_loaded_notice_decides_its_year_and_wins_over_the_package() -> None:
    notice = YearDays(
        2027,
        "国办发明电〔2026〕N号",
        frozenset({date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)}),
        frozenset({date(2027, 2, 14)}),
    )
    calendar = calendar_of([notice])
    assert calendar.source_of(2027) == "notice"
    assert calendar.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert calendar.is_workday(date(2027, 2, 14))  # an adjusted working Sunday
    assert calendar.provisional_years(date(2026, 12, 28), date(2027, 1, 5)) == []
    # A notice for a package year replaces the package for that year only.
    override = calendar_of([YearDays(2022, "更正", frozenset({date(2022, 6, 6)}), frozenset())])
    assert not override.is_workday(date(2022, 6, 6))
    assert not override.is_workday(date(2022, 10, 8))  # the package's adjusted day is gone
    assert override.is_workday(date(2021, 10, 9))  # other years still from the package


def test_counting_backwards_crosses_into_earlier_years() -> None:
    assert add_workdays(date(2023, 1, 3), -1) == date(2022, 12, 30)
    # 2004-01-01 is a holiday; 2003 (before the package) counts weekdays: 12-31, then 12-30.
    assert add_workdays(date(2004, 1, 2), -2) == date(2003, 12, 30)


def test_dates_at_the_ends_of_the_calendar_are_refused_with_a_message() -> None:
    with pytest.raises(InvalidInput) as caught:
        add_workdays(date(9998, 12, 31), 5)
    assert "超出可计算的范围" in caught.value.message


def test_the_package_covers_2004_to_2026() -> None:
    assert package_years() == range(2004, 2027)


_ANY = st.dates(date(2000, 1, 1), date(2040, 12, 31))


@given(_ANY, st.integers(0, 300))
def test_counting_back_the_added_working_days_gives_n(start: date, n: int) -> None:
    end = add_workdays(start, n)
    assert workdays_between(start, end) == n
    assert n == 0 or is_workday(end)


@given(_ANY, st.integers(-300, 0))
def test_going_back_n_working_days_then_counting_forward_gives_n(start: date, n: int) -> None:
    earlier = add_workdays(start, n)
    assert workdays_between(earlier, start) == -n or not is_workday(start)


@given(_ANY)
def test_one_day_span_counts_one_exactly_on_working_days(day: date) -> None:
    assert workdays_between(day - timedelta(days=1), day) == int(is_workday(day))
