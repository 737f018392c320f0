"""Use cases of the holiday calendar: load a notice's year, list the years, give the calendar.

Every working-day count in beizeng goes through ``work_calendar(session)``: the package's years
with the notices pboc loaded on top, any other year provisional (weekends only). Loading a year
announces ``YEAR_LOADED`` so that the features holding deadlines recompute the provisional ones
in the same transaction (the hook is strict: a failed recompute loads nothing).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime

from chinese_calendar import constants
from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.holiday import rules
from beizeng.holiday.errors import YearAlreadyLoaded
from beizeng.holiday.repository import HolidayRepository
from beizeng.kit.hooks import Hook
from beizeng.models.holiday import HolidayYear
from beizeng.reference.workdays import (
    PACKAGE_ONLY,
    WorkCalendar,
    YearDays,
    calendar_of,
    package_source,
    package_years,
)


@dataclass(frozen=True)
class YearLoaded:
    """A year's notice was loaded or replaced; ``calendar`` already includes it."""

    year: int
    source: str
    calendar: WorkCalendar
    at: datetime


YEAR_LOADED: Hook[YearLoaded] = Hook("holiday.year_loaded", YearLoaded, strict=True)


@dataclass(frozen=True)
class LoadResult:
    year: int
    source: str
    holidays: int
    workdays: int
    replaced: bool
    unchanged: bool


_CACHE: OrderedDict[tuple[int, str], WorkCalendar] = OrderedDict()
_CACHE_SIZE = 8
"""Calendars by the loaded years' digests: a load changes the key, so nothing goes stale."""


def work_calendar(session: Session) -> WorkCalendar:
    """The calendar in force: the package's years and every loaded notice on top."""
    repo = HolidayRepository(session)
    stamp = repo.stamp()
    if stamp[0] == 0:
        return PACKAGE_ONLY
    found = _CACHE.get(stamp)
    if found is None:
        found = calendar_of(_year_days(row) for row in repo.list())
        _CACHE[stamp] = found
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(stamp)
    return found


def _year_days(row: HolidayYear) -> YearDays:
    return YearDays(
        row.year,
        row.source,
        frozenset(date.fromisoformat(d) for d in row.holidays),
        frozenset(date.fromisoformat(d) for d in row.workdays),
    )


def load_year(
    session: Session,
    *,
    content: bytes,
    file: str,
    replace: bool,
    loaded_by: str,
    now: datetime,
) -> LoadResult:
    """Load one year of a State Council notice (C-3.4.2 deadlines are counted on it).

    The same content again changes nothing; other content for a loaded year needs ``replace``.
    """
    notice = rules.parse_notice(content, file=file)
    repo = HolidayRepository(session)
    existing = repo.get(notice.year)
    result = LoadResult(
        notice.year,
        notice.days.source,
        len(notice.holidays),
        len(notice.workdays),
        replaced=existing is not None,
        unchanged=False,
    )
    if existing is not None and existing.sha256 == notice.sha256:
        return LoadResult(**{**result.__dict__, "replaced": False, "unchanged": True})
    if existing is not None and not replace:
        raise YearAlreadyLoaded(notice.year, existing.source)
    row = existing or HolidayYear(year=notice.year)
    row.source = notice.days.source
    row.holidays = notice.holidays
    row.workdays = notice.workdays
    row.sha256 = notice.sha256
    row.loaded_by = loaded_by
    row.loaded_at = now
    if existing is None:
        repo.add(row)
    session.flush()
    YEAR_LOADED.publish(
        session, YearLoaded(notice.year, notice.days.source, work_calendar(session), now)
    )
    return result


def load_year_as(
    session: Session,
    *,
    principal: Principal,
    content: bytes,
    file: str,
    replace: bool,
    now: datetime,
) -> LoadResult:
    """pboc loads a notice in the web; the audit log records the user."""
    authorize(principal, "calendar.load")
    return load_year(
        session, content=content, file=file, replace=replace, loaded_by=principal.username, now=now
    )


@dataclass(frozen=True)
class YearRow:
    """One year of the calendar as people see it in ``beizeng calendar list`` and on the page."""

    year: int
    kind: str
    source: str
    holidays: int
    workdays: int
    loaded_by: str | None
    loaded_at: datetime | None


KINDS = {"notice": "国务院通知（已载入）", "package": "随软件包提供", "provisional": "暂按周末计算"}


def list_years(session: Session, *, today: date) -> list[YearRow]:
    """Every year the calendar knows, and the current and next year if they are provisional."""
    loaded = {row.year: row for row in HolidayRepository(session).list()}
    rows: list[YearRow] = []
    years = sorted(set(package_years()) | set(loaded) | {today.year, today.year + 1})
    for year in years:
        if year in loaded:
            row = loaded[year]
            rows.append(
                YearRow(
                    year,
                    KINDS["notice"],
                    row.source,
                    len(row.holidays),
                    len(row.workdays),
                    row.loaded_by,
                    row.loaded_at,
                )
            )
        elif year in package_years():
            holidays = sum(1 for d in constants.holidays if d.year == year)
            workdays = sum(1 for d in constants.workdays if d.year == year)
            rows.append(
                YearRow(year, KINDS["package"], package_source(), holidays, workdays, None, None)
            )
        else:
            rows.append(YearRow(year, KINDS["provisional"], "—", 0, 0, None, None))
    return rows


def coverage_gaps(session: Session, *, start: date, end: date) -> list[int]:
    """The years from ``start`` to ``end`` that neither the package nor a notice covers."""
    return work_calendar(session).provisional_years(start, end)


def missing_year(session: Session, *, today: date) -> int | None:
    """The year pboc should load now: this year if uncovered, else next year from December 1."""
    calendar = work_calendar(session)
    if calendar.source_of(today.year) == "provisional":
        return today.year
    if today.month == 12 and calendar.source_of(today.year + 1) == "provisional":
        return today.year + 1
    return None


def years_for(session: Session, *, principal: Principal, today: date) -> list[YearRow]:
    """The calendar page of pboc: every year with its source."""
    authorize(principal, "calendar.read")
    return list_years(session, today=today)


def banner_for(session: Session, *, principal: Principal | None, today: date) -> str | None:
    """The reminder pboc sees on every page while this or next year's notice is missing."""
    if principal is None or principal.role != "pboc":
        return None
    year = missing_year(session, today=today)
    if year is None:
        return None
    return (
        f"{year} 年法定节假日安排尚未载入：涉及 {year} 年的办理时限暂按周末计算并标注「暂定」。"
        "请在「节假日日历」页面载入国务院办公厅通知。"
    )
