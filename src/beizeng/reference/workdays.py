"""The official mainland working-day calendar, the one place that says what a working day is.

A working day is a weekday that is not a public holiday, or a weekend day the State Council
made a working day (调休上班, e.g. Saturday 2022-10-08). Deadlines such as "reply within five
working days" (C-3.4.2) are counted with it.

Each year comes from one of three sources, in this order of precedence:

1. a State Council notice (国务院办公厅关于 YYYY 年部分节假日安排的通知) that pboc loaded
   (``beizeng calendar load``; the rows live in the database and reach this module as
   ``YearDays`` values, so this module stays pure);
2. the ``chinesecalendar`` package, which carries the notices published before its release
   (2004–2026 in 1.11.0);
3. neither: the year is counted **provisionally**, weekends off and weekdays on. Nothing stops at
   New Year because next year's notice is late; callers ask ``provisional_years`` and mark what
   they computed as provisional (「暂定」) until the notice is loaded.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib.metadata import version
from typing import Literal

import chinese_calendar
from chinese_calendar import constants

from beizeng.errors import InvalidInput

Source = Literal["notice", "package", "provisional"]


@dataclass(frozen=True)
class YearDays:
    """One year as a State Council notice states it: the days off and the working weekends.

    ``holidays`` are the days off of the holidays (weekends inside a holiday included);
    ``workdays`` are the weekend days made working days. Every other day is a working day
    from Monday to Friday and a rest day on Saturday and Sunday.
    """

    year: int
    source: str
    holidays: frozenset[date]
    workdays: frozenset[date]

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


@cache
def package_years() -> range:
    """The years whose holidays and adjusted working days the package knows, e.g. 2004–2026."""
    years = [day.year for day in constants.holidays]
    return range(min(years), max(years) + 1)


def package_source() -> str:
    """The package and its version, shown as the source of the years it covers."""
    return f"chinesecalendar {version('chinesecalendar')}"


def _weekday_rule(day: date) -> bool:
    return day.weekday() < 5


@cache
def _package_year(year: int) -> tuple[date, ...]:
    day, result = date(year, 1, 1), []
    while day.year == year:
        if chinese_calendar.is_workday(day):
            result.append(day)
        day += timedelta(days=1)
    return tuple(result)


@cache
def _provisional_year(year: int) -> tuple[date, ...]:
    day, result = date(year, 1, 1), []
    while day.year == year:
        if _weekday_rule(day):
            result.append(day)
        day += timedelta(days=1)
    return tuple(result)


def _check_range(day: date) -> None:
    if not 1 < day.year < 9999:
        raise InvalidInput(f"日期 {day.isoformat()} 超出可计算的范围（0002–9998 年）。")


@dataclass(frozen=True)
class WorkCalendar:
    """The calendar with the notices pboc loaded on top of the package's years.

    Immutable: a new load makes a new calendar (``beizeng.holiday.service.work_calendar``).
    """

    loaded: Mapping[int, YearDays] = field(default_factory=dict)

    def source_of(self, year: int) -> Source:
        if year in self.loaded:
            return "notice"
        if year in package_years():
            return "package"
        return "provisional"

    def _year(self, year: int) -> tuple[date, ...]:
        """The working days of ``year`` in order."""
        notice = self.loaded.get(year)
        if notice is not None:
            return _notice_year(notice)
        if year in package_years():
            return _package_year(year)
        return _provisional_year(year)

    def is_workday(self, day: date) -> bool:
        """True on a working day, including an adjusted working weekend; False on a holiday."""
        notice = self.loaded.get(day.year)
        if notice is not None:
            return notice.is_workday(day)
        if day.year in package_years():
            return bool(chinese_calendar.is_workday(day))
        return _weekday_rule(day)

    def add_workdays(self, start: date, n: int) -> date:
        """The date ``n`` working days after ``start`` (``start`` itself not counted).

        ``n = 0`` gives ``start``; a negative ``n`` counts backwards.
        """
        _check_range(start)
        if n == 0:
            return start
        year = start.year
        days = self._year(year)
        if n > 0:
            index = bisect_right(days, start) + n - 1
            while index >= len(days):
                index -= len(days)
                year += 1
                _check_range(date(year, 1, 1))
                days = self._year(year)
            return days[index]
        index = bisect_left(days, start) + n
        while index < 0:
            year -= 1
            _check_range(date(year, 12, 31))
            days = self._year(year)
            index += len(days)
        return days[index]

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: after ``a``, up to and including ``b``; 0 if ``b <= a``."""
        if b <= a:
            return 0
        _check_range(a)
        _check_range(b)
        total = 0
        for year in range(a.year, b.year + 1):
            days = self._year(year)
            low = bisect_right(days, a) if year == a.year else 0
            high = bisect_right(days, b) if year == b.year else len(days)
            total += high - low
        return total

    def provisional_years(self, a: date, b: date) -> list[int]:
        """The years between ``a`` and ``b`` (either order) counted provisionally."""
        first, last = sorted((a.year, b.year))
        return [y for y in range(first, last + 1) if self.source_of(y) == "provisional"]


@cache
def _notice_year(notice: YearDays) -> tuple[date, ...]:
    day, result = date(notice.year, 1, 1), []
    while day.year == notice.year:
        if notice.is_workday(day):
            result.append(day)
        day += timedelta(days=1)
    return tuple(result)


PACKAGE_ONLY = WorkCalendar()
"""The calendar before any notice is loaded: the package's years, the rest provisional."""


def calendar_of(notices: Iterable[YearDays]) -> WorkCalendar:
    """The calendar with ``notices`` loaded on top of the package."""
    return WorkCalendar({notice.year: notice for notice in notices})


def provisional_warning(year: int) -> str:
    """What a person is told when a date was counted without the year's notice."""
    return f"{year} 年节假日安排尚未载入，暂按周末计算"
