"""The official mainland working-day calendar (国务院办公厅 holiday notices, via chinesecalendar).

A working day is a weekday that is not a public holiday, or a weekend day the State Council
made a working day (调休上班, e.g. Saturday 2022-10-08). Deadlines such as "reply within five
working days" are counted with it. The package covers the years of the notices published when
it was released; a date outside them raises ``CalendarNotCovered``: guessing "weekdays only"
would silently move deadlines across a holiday.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from functools import cache

import chinese_calendar
from chinese_calendar import constants

from beizeng.errors import InvalidInput


class CalendarNotCovered(InvalidInput):
    """A date the installed holiday calendar does not cover."""

    def __init__(self, day: date) -> None:
        years = covered_years()
        super().__init__(
            f"日期 {day.isoformat()} 超出法定节假日日历的覆盖范围（{years.start}–{years.stop - 1} 年，"
            f"chinesecalendar {_version()}）：无法确定是否为工作日，请升级 chinesecalendar。"
        )
        self.day = day


def _version() -> str:
    from importlib.metadata import version

    return version("chinesecalendar")


@cache
def covered_years() -> range:
    """The years whose holidays and adjusted working days the package knows, e.g. 2004–2026."""
    years = [day.year for day in constants.holidays]
    return range(min(years), max(years) + 1)


def _check(day: date) -> None:
    if day.year not in covered_years():
        raise CalendarNotCovered(day)


def is_workday(d: date) -> bool:
    """True on a working day, including an adjusted working weekend; False on a holiday."""
    _check(d)
    return bool(chinese_calendar.is_workday(d))


@cache
def _all_workdays() -> tuple[date, ...]:
    """Every working day of the covered years, in order (about 5,800 dates)."""
    years = covered_years()
    day, end = date(years.start, 1, 1), date(years.stop - 1, 12, 31)
    result = []
    while day <= end:
        if chinese_calendar.is_workday(day):
            result.append(day)
        day += timedelta(days=1)
    return tuple(result)


def add_workdays(start: date, n: int) -> date:
    """The date ``n`` working days after ``start`` (``start`` itself not counted).

    ``n = 0`` gives ``start``; a negative ``n`` counts backwards. ``CalendarNotCovered`` if
    ``start`` or the result lies outside the calendar.
    """
    _check(start)
    if n == 0:
        return start
    days = _all_workdays()
    # index of the first working day after start (n > 0) or the last one before it (n < 0)
    index = bisect_right(days, start) + n - 1 if n > 0 else bisect_left(days, start) + n
    if not 0 <= index < len(days):
        years = covered_years()
        edge = date(years.stop, 1, 1) if n > 0 else date(years.start - 1, 12, 31)
        raise CalendarNotCovered(edge)
    return days[index]


def workdays_between(a: date, b: date) -> int:
    """Working days in (a, b]: after ``a``, up to and including ``b``; 0 if ``b <= a``.

    Only the counted days must be covered, so the working days of the first covered year are
    ``workdays_between(date(2003, 12, 31), date(2004, 12, 31))``.
    """
    if b <= a:
        _check(a)
        _check(b)
        return 0
    _check(a + timedelta(days=1))
    _check(b)
    days = _all_workdays()
    return bisect_right(days, b) - bisect_right(days, a)
