"""An injectable clock, so deadlines can be tested by moving time instead of waiting.

Stored timestamps are UTC (``models.base.utcnow``); working days and deadlines are counted on
the calendar of China, so "today" is the date in Asia/Shanghai.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime; naive values (SQLite returns them) are taken to be UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def china_minute(value: datetime) -> str:
    """A stored timestamp as people in Lüliang read it: ``YYYY-MM-DD HH:MM``, China time."""
    return as_utc(value).astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def china_date(value: datetime) -> date:
    """The calendar date in China of a stored timestamp."""
    return as_utc(value).astimezone(CHINA).date()


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FrozenClock:
    """A clock that stands still until moved: tests and demos set the day they need."""

    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def now(self) -> datetime:
        return self.at

    def advance(self, **kwargs: float) -> None:
        self.at += timedelta(**kwargs)


def today(clock: Clock) -> date:
    return china_date(clock.now())
