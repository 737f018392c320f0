"""The daily sweep of reply deadlines and the per-bank overdue counts of the bulletin (C-3.4.2).

``beizeng platform sweep`` (run daily) lists the demands due by the next working day and the
overdue ones, to each bank and to pboc. ``overdue_counts`` gives the monitor's bulletin the
number of late replies per bank in a period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from beizeng.config import Settings
from beizeng.deadline.repository import DeadlineRepository
from beizeng.demand import rules
from beizeng.holiday.service import work_calendar
from beizeng.kit.clock import china_date
from beizeng.kit.periods import Period
from beizeng.notification import service as notifications


@dataclass(frozen=True)
class SweepItem:
    demand_id: int
    enterprise_name: str
    status: str
    deadline: date
    label: str
    overdue: bool


@dataclass
class BankSweep:
    institution_code: str
    institution_name: str
    due_soon: list[SweepItem] = field(default_factory=list)
    overdue: list[SweepItem] = field(default_factory=list)


@dataclass(frozen=True)
class SweepReport:
    """What the sweep tells each bank, and pboc's summary (every bank's lists)."""

    today: date
    banks: list[BankSweep]

    @property
    def overdue_total(self) -> int:
        return sum(len(b.overdue) for b in self.banks)

    @property
    def due_soon_total(self) -> int:
        return sum(len(b.due_soon) for b in self.banks)


def sweep(session: Session, *, today: date, county: str | None = None) -> SweepReport:
    """Unreplied demands due today or on the next working day, and those past their deadline
    (``county``: only that county's, for a county sub-branch, C-3.1.2)."""
    by_bank: dict[str, BankSweep] = {}
    calendar = work_calendar(session)
    due = DeadlineRepository(session).unreplied_until(calendar.add_workdays(today, 1), county)
    for row in due:
        demand = row.demand
        assert demand.deadline is not None
        clock = rules.clock(
            demand.deadline,
            today=today,
            replied_on=None,
            calendar=calendar,
            provisional=demand.deadline_provisional,
        )
        code = row.institution_code or "-"
        bank = by_bank.setdefault(code, BankSweep(code, row.institution_name or "（未受理）"))
        item = SweepItem(
            demand.id,
            row.enterprise_name,
            demand.status,
            demand.deadline,
            clock.label,
            clock.overdue,
        )
        (bank.overdue if clock.overdue else bank.due_soon).append(item)
    return SweepReport(today, [by_bank[k] for k in sorted(by_bank)])


def overdue_counts(
    session: Session, period: Period, *, today: date | None = None, county: str | None = None
) -> dict[str, int]:
    """Late replies per bank (institution code) among demands whose deadline fell in ``period``.

    Late: replied after the deadline, or not replied when it passed (``rules.late``). ``today``
    (default: the period's end) decides whether a still-open demand's deadline has passed.
    Banks without a late reply are absent (count 0). ``county`` limits it to one county's
    demands (a county sub-branch's view).
    """
    day = today or period.end
    counts: dict[str, int] = defaultdict(int)
    for code, demand in DeadlineRepository(session).deadlines_between(
        period.start, period.end, county
    ):
        assert demand.deadline is not None
        if rules.late(
            demand.deadline,
            replied_on=china_date(demand.replied_at) if demand.replied_at else None,
            closed_on=china_date(demand.closed_at) if demand.closed_at else None,
            today=day,
        ):
            counts[code] += 1
    return dict(counts)


def remind_due(session: Session, *, settings: Settings, today: date, now: datetime) -> int:
    """Remind each bank of its demands due on the next working day (C-3.4.2: the five-working-
    day reply), in its users' inboxes; once per demand and deadline however often the daily
    sweep runs. Returns how many notifications were sent."""
    calendar = work_calendar(session)
    tomorrow = calendar.add_workdays(today, 1)
    sent = 0
    for row in DeadlineRepository(session).unreplied_until(tomorrow):
        demand = row.demand
        if demand.institution_id is None or demand.deadline != tomorrow:
            continue
        sent += notifications.notify_institution(
            session,
            institution_id=demand.institution_id,
            message=notifications.Message(
                kind="deadline_tomorrow",
                title=f"融资需求 #{demand.id}（{row.enterprise_name}）的回复时限 {tomorrow} 到期",
                link=f"/demands/{demand.id}",
                dedupe_key=f"deadline:{demand.id}:{tomorrow}",
            ),
            settings=settings,
            now=now,
        )
    return sent
