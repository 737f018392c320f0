"""Following a supervision notice to rectification (C-3.1.1 follow-up monitoring, C-3.1.2 双线
notices, C-4.5.3 regular bulletins). Pure: dates in, stages and sentences out.

A notice is issued on a day; the institution acknowledges receipt and files its rectification
measures (整改措施) within ``BEIZENG_RECTIFICATION_WORKDAYS`` working days (default 15) counted
from the day after the day of issue on the holiday calendar (``WorkCalendar``). The tracking
table and the next bulletin both read the stage computed here, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from beizeng.reference.workdays import WorkCalendar

REMIND_WORKDAYS = 3
"""Working days before the deadline when the institution is reminded (and again when overdue)."""

Stage = Literal["unacknowledged", "acknowledged", "filed", "filed_late", "overdue"]
STAGES: dict[str, str] = {
    "unacknowledged": "待签收",
    "acknowledged": "已签收，待报送整改措施",
    "filed": "已按期报送整改措施",
    "filed_late": "逾期后报送整改措施",
    "overdue": "逾期未报送整改措施",
}


def rectification_deadline(issued_on: date, workdays: int, calendar: WorkCalendar) -> date:
    """The last day to file measures: ``workdays`` working days after the day of issue
    (C-3.1.2: "于本通报印发之日起15个工作日内报送整改措施")."""
    return calendar.add_workdays(issued_on, workdays)


def chinese_date(day: date) -> str:
    """``2023年1月16日`` (no leading zeros, as a document is dated)."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class FollowUp:
    """Where one notice stands: its deadline and the days it was acknowledged and first filed."""

    deadline: date | None
    acknowledged_on: date | None
    filed_on: date | None


def stage(follow_up: FollowUp, today: date) -> Stage:
    """The stage of a notice on ``today``: filed (on time or late), overdue, acknowledged, or
    not yet acknowledged. A notice without a deadline (recorded before deadlines) never goes
    overdue."""
    deadline = follow_up.deadline
    if follow_up.filed_on is not None:
        late = deadline is not None and follow_up.filed_on > deadline
        return "filed_late" if late else "filed"
    if deadline is not None and today > deadline:
        return "overdue"
    return "acknowledged" if follow_up.acknowledged_on is not None else "unacknowledged"


Reminder = Literal["due", "overdue"]


def reminder(follow_up: FollowUp, today: date, calendar: WorkCalendar) -> Reminder | None:
    """Which rectification reminder is owed on ``today``: ``due`` from ``REMIND_WORKDAYS``
    working days before the deadline up to the deadline, ``overdue`` after it, nothing once
    measures are filed."""
    deadline = follow_up.deadline
    if follow_up.filed_on is not None or deadline is None:
        return None
    if today > deadline:
        return "overdue"
    if calendar.workdays_between(today, deadline) <= REMIND_WORKDAYS:
        return "due"
    return None


@dataclass(frozen=True)
class TrackedNotice:
    """One notice of a period as the bulletin reports it: the institution and its follow-up."""

    institution: str
    follow_up: FollowUp


@dataclass(frozen=True)
class Rectification:
    """The follow-up of one period's notices, for the next bulletin (C-4.5.3)."""

    period: str
    notices: tuple[TrackedNotice, ...]


def rectification_sentence(data: Rectification, today: date) -> str:
    """The bulletin's account of the last notices, from the tracking data (not prose): how many
    were issued, acknowledged, filed on time or late, overdue, naming who is late."""
    items = data.notices
    stages = [(n.institution, stage(n.follow_up, today)) for n in items]
    acknowledged = sum(1 for n in items if n.follow_up.acknowledged_on is not None)

    def named(which: str) -> list[str]:
        return [name for name, s in stages if s == which]

    on_time, late, overdue = named("filed"), named("filed_late"), named("overdue")
    pending = len(items) - len(on_time) - len(late) - len(overdue)
    text = (
        f"上期（{data.period}）共向{len(items)}家机构发出督导通报，已签收{acknowledged}家；"
        f"按期报送整改措施{len(on_time)}家"
    )
    text += f"，逾期后报送{len(late)}家（{'、'.join(late)}）" if late else ""
    text += f"，逾期未报送{len(overdue)}家（{'、'.join(overdue)}）" if overdue else ""
    text += f"，尚在整改期限内{pending}家" if pending else ""
    return text + "。"


def count_stages(stages: Sequence[Stage]) -> dict[str, int]:
    """How many notices are at each stage (every stage listed, zero included)."""
    return {key: sum(1 for s in stages if s == key) for key in STAGES}
