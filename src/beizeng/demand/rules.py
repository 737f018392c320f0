"""Pure rules of the demand workflow and the reply clock.

C-3.4.2: a no-loan small firm's credit application is answered within 5 working days (plan
data, ``Settings.reply_workdays``), counted on the official calendar: adjusted weekend working
days count, public holidays do not (``beizeng.reference.workdays.WorkCalendar``). The clock
starts when a bank picks the demand up or is assigned it, whichever comes first. A deadline that
runs into a year whose holiday notice is not loaded yet is provisional (「暂定」) until it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from beizeng.reference.workdays import WorkCalendar

STATUSES: dict[str, str] = {
    "submitted": "已提交",
    "accepted": "已受理",
    "approved": "已获批",
    "rejected": "未获批",
    "disbursed": "已放款",
    "withdrawn": "已撤回",
}

OPEN_STATUSES = frozenset({"submitted", "accepted"})
"""Statuses in which the bank still owes a reply."""

FINAL_STATUSES = frozenset({"rejected", "disbursed", "withdrawn"})

ACTIONS: dict[str, str] = {
    "submit": "提交需求",
    "assign": "指派",
    "accept": "受理",
    "approve": "审批通过",
    "reject": "审批未通过",
    "disburse": "放款",
    "withdraw": "撤回",
}

TRANSITIONS: dict[tuple[str, str], str] = {
    ("submitted", "accept"): "accepted",
    ("accepted", "approve"): "approved",
    ("accepted", "reject"): "rejected",
    ("approved", "disburse"): "disbursed",
    ("submitted", "withdraw"): "withdrawn",
    ("accepted", "withdraw"): "withdrawn",
    ("approved", "withdraw"): "withdrawn",
}
"""submitted → accepted (受理) → approved | rejected; approved → disbursed; withdrawn until paid."""

REJECT_REASONS: dict[str, str] = {
    "credit_record": "征信记录不良",
    "insufficient_cashflow": "经营现金流不足以覆盖还款",
    "collateral": "担保或抵质押条件不足",
    "high_leverage": "负债率过高",
    "incomplete_documents": "申请资料不全且未按要求补充",
    "industry_policy": "不符合国家产业政策或行业准入要求",
    "outside_area": "超出本机构服务区域",
    "other": "其他原因",
}
"""Reasons a bank may give for a rejection; the enterprise always sees the reason and the note."""

CHANNELS: dict[str, str] = {
    "open": "公开需求（银行抢单）",
    "product": "申请产品",
    "assigned": "人民银行/政府部门指派",
}


def next_status(status: str, action: str) -> str | None:
    """The status after ``action``, or None when the workflow does not allow it (→ 409)."""
    return TRANSITIONS.get((status, action))


def covered(no_loan: bool | None) -> bool:
    """Whether the five-day rule applies: to no-loan firms, and when the ledgers cannot tell."""
    return no_loan is not False


@dataclass(frozen=True)
class Deadline:
    day: date
    provisional: bool


def reply_deadline(start: date, workdays: int, calendar: WorkCalendar) -> Deadline:
    """The last day to reply: ``workdays`` working days after the clock started (C-3.4.2).

    Provisional when a year it runs through has no loaded notice (weekends-only counting).
    """
    day = calendar.add_workdays(start, workdays)
    return Deadline(day, bool(calendar.provisional_years(start, day)))


def clock_start(assigned_on: date | None, accepted_on: date | None) -> date | None:
    """The day the reply clock started: the assignment or the pick-up, whichever came first."""
    days = [d for d in (assigned_on, accepted_on) if d is not None]
    return min(days) if days else None


@dataclass(frozen=True)
class Clock:
    """Where a demand stands against its deadline, as shown to people."""

    deadline: date
    workdays_left: int
    overdue: bool
    replied_late: bool
    provisional: bool = False

    @property
    def label(self) -> str:
        return f"{self._label}（暂定）" if self.provisional else self._label

    @property
    def _label(self) -> str:
        if self.replied_late:
            return "逾期回复"
        if self.overdue:
            return f"已逾期 {-self.workdays_left} 个工作日" if self.workdays_left < 0 else "已逾期"
        if self.workdays_left == 0:
            return "今天到期"
        return f"剩余 {self.workdays_left} 个工作日"


def clock(
    deadline: date,
    *,
    today: date,
    replied_on: date | None,
    calendar: WorkCalendar,
    provisional: bool = False,
) -> Clock:
    """Working days left (negative: days overdue) and whether the reply was or is late."""
    if replied_on is not None:
        late = replied_on > deadline
        return Clock(deadline, 0, False, late, provisional)
    left = (
        calendar.workdays_between(today, deadline)
        if today <= deadline
        else -calendar.workdays_between(deadline, today)
    )
    return Clock(deadline, left, today > deadline, False, provisional)


def due_soon(deadline: date, *, today: date, calendar: WorkCalendar) -> bool:
    """Due today or on the next working day: the sweep warns the bank (到期提醒)."""
    return today <= deadline <= calendar.add_workdays(today, 1)


def late(deadline: date, *, replied_on: date | None, closed_on: date | None, today: date) -> bool:
    """Whether the bank missed the deadline: replied after it, or had not replied when it passed.

    A demand withdrawn before its deadline without a reply is not the bank's fault.
    """
    if replied_on is not None:
        return replied_on > deadline
    if closed_on is not None:
        return closed_on > deadline
    return today > deadline


ReplyStanding = Literal["on_time", "overdue"]


def reply_standing(
    deadline: date, *, replied_on: date | None, closed_on: date | None, as_of: date
) -> ReplyStanding | None:
    """How an application counts in the year's five-working-day reply rate at ``as_of`` (a period
    end; C-3.4.2): ``on_time`` when first answered on or before its stored deadline, ``overdue``
    when answered late or still unanswered after it (``late``), None when it does not count.

    Year to date, by deadline: only deadlines in ``as_of``'s year up to ``as_of`` count, so every
    application is judged exactly once, in the year its deadline falls (one received late in
    December is not lost between two years), and one not yet due is not judged early. What
    happened after ``as_of`` is not known at ``as_of``; ``as_of`` is judged at its close, so an
    application due that day and unanswered is overdue. An application withdrawn before its
    deadline without a reply is owed nothing and does not count.
    """
    if not (date(as_of.year, 1, 1) <= deadline <= as_of):
        return None
    replied = replied_on if replied_on is not None and replied_on <= as_of else None
    closed = closed_on if closed_on is not None and closed_on <= as_of else None
    if replied is None and closed is not None and closed <= deadline:
        return None
    if late(deadline, replied_on=replied, closed_on=closed, today=as_of + timedelta(days=1)):
        return "overdue"
    return "on_time"


@dataclass(frozen=True)
class ReplyTally:
    """One bank's applications at a period end: due in the year so far, answered in time, late."""

    due: int = 0
    on_time: int = 0
    overdue: int = 0

    def add(self, standing: ReplyStanding) -> ReplyTally:
        return ReplyTally(
            self.due + 1,
            self.on_time + (standing == "on_time"),
            self.overdue + (standing == "overdue"),
        )


def reply_reason(
    submitted_on: date, deadline: date, replied_on: date | None, standing: ReplyStanding
) -> str:
    """Why an application counts, as the explain rows say it:
    「2022-03-01 提交，期限 2022-03-08，2022-03-07 答复：按时」."""
    reply = f"{replied_on} 答复" if replied_on is not None else "期末未答复"
    verdict = "按时" if standing == "on_time" else "超时"
    return f"{submitted_on} 提交，期限 {deadline}，{reply}：{verdict}"
