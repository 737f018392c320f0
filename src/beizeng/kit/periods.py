"""Month-end periods (``YYYY-MM``) and quarters: the calendar of ledgers and targets.

A ledger is one institution's snapshot at one month end (DESIGN: loan ledger). Growth compares a
period with the same month a year earlier; "since the start of the year" compares it with the
previous December (年初).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from beizeng.errors import InvalidInput

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})\s*Q([1-4])$", re.IGNORECASE)


class PeriodInvalid(InvalidInput):
    """A period or quarter string that is not a real month or quarter."""


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month, identified by its month end."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 2999:
            raise PeriodInvalid(f"期间「{self.year}-{self.month:02d}」不是有效的年月。")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``YYYY-MM``; the message names the value and the expected form."""
        match = _PERIOD.match(text.strip())
        if not match:
            raise PeriodInvalid(f"期间「{text}」格式不正确，应为 YYYY-MM，例如 2022-06。")
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise PeriodInvalid(f"期间「{text}」的月份 {month} 不存在，应为 01–12。")
        return cls(year, month)

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def end(self) -> date:
        """The month-end date of the snapshot."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    def shift(self, months: int) -> Period:
        """The period ``months`` later (negative: earlier)."""
        index = self.year * 12 + (self.month - 1) + months
        return Period(index // 12, index % 12 + 1)

    @property
    def year_ago(self) -> Period:
        """The same month a year earlier (同比)."""
        return Period(self.year - 1, self.month)

    @property
    def year_start(self) -> Period:
        """The previous December: the "start of the year" (年初) of growth since year start."""
        return Period(self.year - 1, 12)

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, (self.month - 1) // 3 + 1)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Parse ``2022Q2``."""
        match = _QUARTER.match(text.strip())
        if not match:
            raise PeriodInvalid(f"季度「{text}」格式不正确，应为 YYYYQn，例如 2022Q2。")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def last_period(self) -> Period:
        """The month end that closes the quarter."""
        return Period(self.year, self.number * 3)

    @property
    def opening_period(self) -> Period:
        """The month end before the quarter starts (the quarter's opening balance)."""
        return self.last_period.shift(-3)


def periods_between(first: Period, last: Period) -> list[Period]:
    """Every period from ``first`` to ``last`` inclusive."""
    out: list[Period] = []
    current = first
    while current <= last:
        out.append(current)
        current = current.shift(1)
    return out
