"""Pure rules of the monthly submissions (C-4.5.1): which periods may be submitted, when they are
due, whether a bank is on time, late or missing, and when a resubmission must say why.

Values in, values out: the calendar is a ``WorkCalendar`` value, the day is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from beizeng.kit.periods import Period
from beizeng.reference.workdays import WorkCalendar

FIRST_YEAR = 2000
"""No ledger before 2000 is submitted to the platform (its records start in the 2020s)."""

REASON_MAX = 500
ERRORS_SHOWN = 200
"""How many problems the page lists in its table; the error workbook has all of them."""


def period_problem(period: Period, *, today: date) -> str | None:
    """Why ``period`` cannot be submitted on ``today`` (None when it can).

    A month-end snapshot exists once the month has ended (C-4.5.1: 月度报送), so the current
    month and later ones are refused, and so is anything before 2000.
    """
    if period.year < FIRST_YEAR:
        return f"报送期 {period} 早于 {FIRST_YEAR} 年，不能报送"
    if period.end >= today:
        return f"报送期 {period} 尚未结束（月末为 {period.end:%Y年%-m月%-d日}），不能报送"
    return None


def due_date(period: Period, *, calendar: WorkCalendar, workday: int) -> date:
    """The due day of ``period``: the ``workday``-th working day after its month end (C-4.5.1;
    ``BEIZENG_LEDGER_DUE_WORKDAY``, 10 by default)."""
    return calendar.add_workdays(period.end, workday)


class Standing(StrEnum):
    """Where a bank stands for one period on a given day."""

    ON_TIME = "on_time"
    LATE = "late"
    WAITING = "waiting"
    MISSING = "missing"


STANDING_NAMES: dict[Standing, str] = {
    Standing.ON_TIME: "按时报送",
    Standing.LATE: "逾期报送",
    Standing.WAITING: "未报送（未到截止日）",
    Standing.MISSING: "逾期未报送",
}


def standing(first_submitted: date | None, *, due: date, today: date) -> Standing:
    """On time when the first version arrived by the due day, late after it; without any
    version, missing once the due day has passed, else still waiting."""
    if first_submitted is not None:
        return Standing.ON_TIME if first_submitted <= due else Standing.LATE
    return Standing.MISSING if today > due else Standing.WAITING


def needs_reminder(value: Standing) -> bool:
    """Banks without any version are reminded, before and after the due day."""
    return value in (Standing.WAITING, Standing.MISSING)


def reason_problem(reason: str | None, *, resubmission: bool, required: bool) -> str | None:
    """Why ``reason`` is not acceptable (None when it is): a resubmission through the pages must
    say why it replaces the current version, shown to pboc; no reason is longer than 500."""
    text = (reason or "").strip()
    if len(text) > REASON_MAX:
        return f"重新报送原因不能超过 {REASON_MAX} 个字（现为 {len(text)} 个字）"
    if resubmission and required and not text:
        return "本期已有报送版本，重新报送须填写原因（将展示给人民银行）"
    return None


@dataclass(frozen=True)
class Reminder:
    """The in-app reminder of one missing submission."""

    title: str
    dedupe_key: str
    link: str


def reminder(*, institution_id: int, period: Period, due: date) -> Reminder:
    """One reminder per institution and period (sent at most once to each user)."""
    return Reminder(
        title=f"请报送 {period.year}年{period.month}月 贷款台账：截止日为 {due:%Y年%-m月%-d日}",
        dedupe_key=f"ledger_missing:{institution_id}:{period}",
        link="/submissions",
    )
