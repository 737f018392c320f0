"""Use cases of the demand workflow: post, assign, pick up, reply, disburse, withdraw, talk.

Each step records who did it and when (``demand_event``); a step the workflow does not allow
is refused with 409. The reply clock (C-3.4.2) starts when a bank picks the demand up or is
assigned it; a product application is assigned to the product's institution on submission.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.config import Settings
from beizeng.demand import rules
from beizeng.demand.errors import DemandInvalid, DemandNotFound, TransitionRefused
from beizeng.demand.repository import DemandFilter, DemandRepository, DemandRow, readable_clause
from beizeng.demand.schemas import (
    ApproveBody,
    DemandCreate,
    DisburseBody,
    MessageBody,
    RejectBody,
)
from beizeng.enterprise import service as enterprises
from beizeng.errors import NotFound
from beizeng.holiday.service import YearLoaded, work_calendar
from beizeng.institution.service import bank_by_code, institution_by_id
from beizeng.kit.clock import china_date
from beizeng.matching import service as matching
from beizeng.models.account import Enterprise
from beizeng.models.demand import Demand, DemandEvent, DemandMessage
from beizeng.models.institution import Institution
from beizeng.notification import service as notifications
from beizeng.product import service as products
from beizeng.product.rules import GUARANTEES
from beizeng.reference.regions import is_luliang_county
from beizeng.reference.workdays import WorkCalendar


def _event(
    session: Session,
    demand: Demand,
    principal: Principal,
    action: str,
    now: datetime,
    note: str | None = None,
) -> None:
    DemandRepository(session).add(
        DemandEvent(
            demand_id=demand.id,
            at=now,
            actor_id=principal.user_id,
            actor_name=principal.institution_name or principal.display_name,
            action=action,
            status=demand.status,
            note=note or None,
        )
    )


def _start_clock(
    session: Session, demand: Demand, enterprise: Enterprise, now: datetime, workdays: int
) -> None:
    """Start the reply clock once: deadline = N working days after today when the rule covers it.

    ``workdays`` is the plan's N (``Settings.reply_workdays``, 5 in 2022), kept on the demand.
    """
    if demand.deadline is not None or demand.reply_workdays is not None:
        return
    demand.no_loan = enterprises.no_loan_flag(session, uscc=enterprise.uscc)
    demand.reply_workdays = workdays
    if rules.covered(demand.no_loan):
        deadline = rules.reply_deadline(china_date(now), workdays, work_calendar(session))
        demand.deadline = deadline.day
        demand.deadline_provisional = deadline.provisional


def recompute_provisional_deadlines(session: Session, event: YearLoaded) -> int:
    """A holiday year was loaded: count every provisional deadline again on the new calendar.

    Subscribed to ``holiday.service.YEAR_LOADED`` at the assembly points; each changed demand is
    written to the audit log by the flush. Returns how many deadlines were recomputed.
    """
    changed = 0
    for demand in DemandRepository(session).with_provisional_deadline():
        start = rules.clock_start(
            china_date(demand.assigned_at) if demand.assigned_at else None,
            china_date(demand.accepted_at) if demand.accepted_at else None,
        )
        if start is None or demand.reply_workdays is None:
            continue
        deadline = rules.reply_deadline(start, demand.reply_workdays, event.calendar)
        demand.deadline = deadline.day
        demand.deadline_provisional = deadline.provisional
        changed += 1
    session.flush()
    return changed


def _move(
    session: Session,
    demand: Demand,
    principal: Principal,
    action: str,
    now: datetime,
    note: str | None = None,
) -> None:
    target = rules.next_status(demand.status, action)
    if target is None:
        raise TransitionRefused(rules.STATUSES[demand.status], rules.ACTIONS[action])
    demand.status = target
    if target in rules.FINAL_STATUSES:
        demand.closed_at = now
    _event(session, demand, principal, action, now, note)


def post_demand(
    session: Session, *, settings: Settings, principal: Principal, data: DemandCreate, now: datetime
) -> Demand:
    """An enterprise posts a demand: open to every eligible bank, or an application to a product."""
    authorize(principal, "demand.post")
    enterprise = enterprises.own_enterprise(session, principal=principal)
    if data.guarantee_offered not in GUARANTEES:
        raise DemandInvalid(
            f"担保方式「{data.guarantee_offered}」无效，可选：信用、保证、抵押、质押。"
        )
    county = data.county_code or enterprise.county_code
    if not county or not is_luliang_county(county):
        raise DemandInvalid(
            f"融资所在县区「{county or '（空）'}」不是吕梁市所辖县区，请先完善企业信息。"
        )
    institution_id = None
    channel = "open"
    if data.product_id is not None:
        product = products.find_product(session, principal=principal, product_id=data.product_id)
        if product is None or product.status != "published":
            raise NotFound("产品不存在或已下架。")
        institution_id, channel = product.institution_id, "product"
    demand = Demand(
        enterprise_id=enterprise.id,
        product_id=data.product_id,
        institution_id=institution_id,
        county_code=county,
        status="submitted",
        channel=channel,
        amount=data.amount,
        term_months=data.term_months,
        purpose=data.purpose.strip(),
        guarantee_offered=data.guarantee_offered,
        submitted_at=now,
        assigned_at=now if institution_id else None,
    )
    DemandRepository(session).add(demand)
    session.flush()
    _event(session, demand, principal, "submit", now)
    if institution_id is not None:
        _start_clock(session, demand, enterprise, now, settings.reply_workdays)
    session.flush()
    return demand


def _visible(session: Session, principal: Principal, demand_id: int) -> Demand:
    demand = DemandRepository(session).get_for_update(principal, demand_id)
    if demand is None:
        raise DemandNotFound()
    return demand


def assign_demand(
    session: Session,
    *,
    settings: Settings,
    principal: Principal,
    demand_id: int,
    institution_code: str,
    now: datetime,
) -> Demand:
    """pboc or gov assigns a not-yet-accepted demand to a bank; the bank's clock starts now."""
    authorize(principal, "demand.assign")
    demand = _visible(session, principal, demand_id)
    if demand.status != "submitted":
        raise TransitionRefused(rules.STATUSES[demand.status], rules.ACTIONS["assign"])
    bank = bank_by_code(session, institution_code)
    demand.institution_id = bank.id
    demand.channel = "assigned"
    demand.assigned_at = now
    enterprise = enterprises.enterprise_by_id(session, demand.enterprise_id)
    assert enterprise is not None
    _start_clock(session, demand, enterprise, now, settings.reply_workdays)
    _event(session, demand, principal, "assign", now, f"指派给 {bank.name}")
    notifications.notify_institution(
        session,
        institution_id=bank.id,
        message=notifications.Message(
            kind="demand_assigned",
            title=f"新指派的融资需求 #{demand.id}：{enterprise.name}，请于 {demand.deadline} 前回复",
            link=f"/demands/{demand.id}",
            dedupe_key=f"assigned:{demand.id}:{bank.id}",
        ),
        settings=settings,
        now=now,
        county_code=None,
    )
    session.flush()
    return demand


def accept_demand(
    session: Session, *, settings: Settings, principal: Principal, demand_id: int, now: datetime
) -> Demand:
    """A bank accepts (受理) a demand of its own, or picks up an open one, which makes it its own."""
    authorize(principal, "demand.reply")
    demand = _visible(session, principal, demand_id)
    if demand.institution_id is None:
        demand.institution_id = principal.institution_id
    _move(session, demand, principal, "accept", now)
    demand.accepted_at = now
    enterprise = enterprises.enterprise_by_id(session, demand.enterprise_id)
    assert enterprise is not None
    _start_clock(session, demand, enterprise, now, settings.reply_workdays)
    session.flush()
    return demand


def _own_bank_demand(session: Session, principal: Principal, demand_id: int) -> Demand:
    authorize(principal, "demand.reply")
    demand = _visible(session, principal, demand_id)
    if demand.institution_id != principal.institution_id:
        raise DemandNotFound()
    return demand


def approve_demand(
    session: Session, *, principal: Principal, demand_id: int, body: ApproveBody, now: datetime
) -> Demand:
    demand = _own_bank_demand(session, principal, demand_id)
    _move(session, demand, principal, "approve", now, body.note)
    demand.replied_at = now
    demand.approved_amount = body.amount
    demand.approved_rate = body.rate
    demand.approved_term_months = body.term_months
    session.flush()
    return demand


def reject_demand(
    session: Session, *, principal: Principal, demand_id: int, body: RejectBody, now: datetime
) -> Demand:
    """A rejection always carries a reason from the list; the enterprise sees it with the note."""
    if body.reason not in rules.REJECT_REASONS:
        raise DemandInvalid(f"未获批原因「{body.reason}」无效，请从原因列表中选择。")
    if body.reason == "other" and not body.note.strip():
        raise DemandInvalid("选择「其他原因」时必须填写说明。")
    demand = _own_bank_demand(session, principal, demand_id)
    _move(
        session,
        demand,
        principal,
        "reject",
        now,
        f"{rules.REJECT_REASONS[body.reason]}；{body.note}".rstrip("；"),
    )
    demand.replied_at = now
    demand.reject_reason = body.reason
    demand.reject_note = body.note.strip() or None
    session.flush()
    return demand


def disburse_demand(
    session: Session, *, principal: Principal, demand_id: int, body: DisburseBody, now: datetime
) -> Demand:
    demand = _own_bank_demand(session, principal, demand_id)
    _move(session, demand, principal, "disburse", now, f"借据号 {body.loan_id}")
    demand.loan_id = body.loan_id.strip()
    session.flush()
    return demand


def withdraw_demand(
    session: Session, *, principal: Principal, demand_id: int, note: str, now: datetime
) -> Demand:
    authorize(principal, "demand.withdraw")
    demand = _visible(session, principal, demand_id)
    _move(session, demand, principal, "withdraw", now, note)
    session.flush()
    return demand


def post_message(
    session: Session, *, principal: Principal, demand_id: int, body: MessageBody, now: datetime
) -> DemandMessage:
    """A message on a demand from its enterprise, its bank, or pboc/gov."""
    authorize(principal, "demand.message")
    demand = _visible(session, principal, demand_id)
    if principal.role == "bank" and demand.institution_id != principal.institution_id:
        raise DemandNotFound()  # an open demand is not a conversation until picked up
    side = {"enterprise": "enterprise", "bank": "bank"}.get(principal.role, "supervisor")
    message = DemandMessage(
        demand_id=demand.id,
        at=now,
        author_id=principal.user_id,
        author_name=principal.institution_name or principal.display_name,
        side=side,
        body=body.body.strip(),
    )
    DemandRepository(session).add(message)
    session.flush()
    return message


@dataclass(frozen=True)
class DemandView:
    demand: Demand
    enterprise: Enterprise
    institution: Institution | None
    product_name: str | None
    clock: rules.Clock | None
    events: list[DemandEvent]
    messages: list[DemandMessage]


def clock_of(demand: Demand, *, now: datetime, calendar: WorkCalendar) -> rules.Clock | None:
    if demand.deadline is None:
        return None
    return rules.clock(
        demand.deadline,
        today=china_date(now),
        replied_on=china_date(demand.replied_at) if demand.replied_at else None,
        calendar=calendar,
        provisional=demand.deadline_provisional,
    )


def get_demand(
    session: Session, *, principal: Principal, demand_id: int, now: datetime
) -> DemandView:
    authorize(principal, "demand.read")
    repo = DemandRepository(session)
    demand = repo.get(principal, demand_id)
    if demand is None:
        raise DemandNotFound()
    enterprise = enterprises.enterprise_by_id(session, demand.enterprise_id)
    assert enterprise is not None
    institution = (
        institution_by_id(session, demand.institution_id) if demand.institution_id else None
    )
    product = (
        products.find_product(session, principal=None, product_id=demand.product_id)
        if demand.product_id
        else None
    )
    return DemandView(
        demand,
        enterprise,
        institution,
        product.name if product else None,
        clock_of(demand, now=now, calendar=work_calendar(session)),
        list(repo.events(demand.id)),
        list(repo.messages(demand.id)),
    )


@dataclass(frozen=True)
class DemandPage:
    rows: list[DemandRow]
    total: int
    page: int
    per_page: int
    counts: dict[str, int]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def list_demands(
    session: Session,
    *,
    principal: Principal,
    status: str | None = None,
    scope: str | None = None,
    overdue: bool = False,
    now: datetime,
    page: int = 1,
    per_page: int = 30,
) -> DemandPage:
    """The demands the principal may see, newest first, with counts per status."""
    authorize(principal, "demand.read")
    f = _demand_filter(status=status, scope=scope, overdue=overdue, now=now)
    per_page = max(1, min(per_page, 100))
    page = max(1, page)
    repo = DemandRepository(session)
    counts = repo.status_counts(principal)
    unfiltered = f == DemandFilter()
    rows, total = repo.page(
        principal, f, offset=(page - 1) * per_page, limit=per_page, count=not unfiltered
    )
    return DemandPage(rows, sum(counts.values()) if unfiltered else total, page, per_page, counts)


@dataclass(frozen=True)
class DemandList:
    rows: list[DemandRow]
    counts: dict[str, int]


def all_demands(
    session: Session,
    *,
    principal: Principal,
    status: str | None = None,
    scope: str | None = None,
    overdue: bool = False,
    now: datetime,
) -> DemandList:
    """Every demand the principal may see that the tabs choose, newest first, with counts per
    status: the list page sorts, filters and pages them (issue 14 point 4)."""
    authorize(principal, "demand.read")
    f = _demand_filter(status=status, scope=scope, overdue=overdue, now=now)
    repo = DemandRepository(session)
    return DemandList(repo.rows(principal, f), repo.status_counts(principal))


def _demand_filter(
    *, status: str | None, scope: str | None, overdue: bool, now: datetime
) -> DemandFilter:
    if status and status not in rules.STATUSES:
        raise DemandInvalid(f"状态「{status}」无效，可选：{'、'.join(rules.STATUSES)}。")
    return DemandFilter(status=status, scope=scope, overdue_on=china_date(now) if overdue else None)


def matches_for_demand(
    session: Session, *, principal: Principal, demand_id: int, k: int = 10
) -> list[matching.MatchView]:
    """The eligible products for a demand the principal can see, best first, explained."""
    authorize(principal, "demand.read")
    demand = DemandRepository(session).get(principal, demand_id)
    if demand is None:
        raise DemandNotFound()
    return matching.matches_for_demand(session, demand=demand, k=k)


def demands_for_bank(
    session: Session, *, principal: Principal, k: int = 30
) -> list[matching.BankMatch]:
    """The open demands the bank can see and serve with its products, best fit first (抢单)."""
    authorize(principal, "demand.match")
    return matching.demands_for_bank(
        session, institution_id=principal.institution_id, visible=readable_clause(principal), k=k
    )
