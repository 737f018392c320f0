"""Use cases of the first-loan drive (C-3.3.1): upload a no-loan list, assign it to banks, record
contacts, decline, and hand back what a bank left idle for N working days."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from beizeng.account.permissions import require
from beizeng.account.rules import Principal
from beizeng.config import get_settings
from beizeng.errors import DataInvalid, Problem
from beizeng.holiday.service import YearLoaded, work_calendar
from beizeng.institution.repository import InstitutionRepository
from beizeng.institution.rules import BANK_CATEGORIES
from beizeng.kit.clock import china_date
from beizeng.kit.periods import Period
from beizeng.kit.tabular import read_table
from beizeng.ledger.scan import LedgerScan
from beizeng.models.outreach import AssignmentRun, BankCapacity, OutreachContact, OutreachList
from beizeng.outreach import rules
from beizeng.outreach.errors import AssignmentClosed, AssignmentNotFound, OutreachInvalid
from beizeng.outreach.repository import EntityRow, OutreachRepository
from beizeng.outreach.schemas import ContactInput, ListReport, RunReport
from beizeng.reference.regions import luliang_counties
from beizeng.reference.workdays import WorkCalendar

COUNTY_CODES = [r.code for r in luliang_counties()]
DEFAULT_IDLE_WORKDAYS = 10
"""Working days a bank has to make a first contact before the entity goes to another bank
(data of each list: ``idle_workdays``)."""


@dataclass(frozen=True)
class Presence:
    """Banks with loans booked in each county in the latest accepted ledgers."""

    period: str | None
    by_county: dict[str, set[str]]


def bank_presence(session: Session) -> Presence:
    """County → codes of registered banks with at least one loan there (latest period)."""
    scan = LedgerScan(session)
    try:
        periods = scan.periods()
        if not periods:
            return Presence(None, {})
        latest = max(periods)
        loans = scan.loans(periods=[latest])
        pairs = loans.select("institution_code", "county_code").distinct().to_pyarrow()
    finally:
        scan.close()
    banks = {i.code for i in InstitutionRepository(session).list() if i.category in BANK_CATEGORIES}
    out: dict[str, set[str]] = {}
    for code, county in zip(
        pairs["institution_code"].to_pylist(), pairs["county_code"].to_pylist(), strict=True
    ):
        if code in banks:
            out.setdefault(county, set()).add(code)
    return Presence(str(latest), out)


def _borrowers(session: Session, period: Period) -> set[str]:
    scan = LedgerScan(session)
    try:
        ids = scan.loans(periods=[period]).select("borrower_id").distinct().to_pyarrow()
    finally:
        scan.close()
    return set(ids["borrower_id"].to_pylist())


def set_capacity(
    session: Session, *, principal: Principal, institution_code: str, capacity: int
) -> BankCapacity:
    """pboc sets how many listed entities a bank follows at a time."""
    require(principal, "pboc")
    if capacity < 0 or capacity > 10_000_000:
        raise OutreachInvalid(f"容量「{capacity}」无效：应为 0 到 10,000,000 之间的整数。")
    institution = InstitutionRepository(session).get_by_code(institution_code)
    if institution is None or institution.category not in BANK_CATEGORIES:
        raise OutreachInvalid(f"银行机构「{institution_code}」不存在。")
    repo = OutreachRepository(session)
    row = repo.capacity_of(institution.id)
    if row is None:
        row = BankCapacity(
            institution_id=institution.id, capacity=capacity, set_by=principal.username
        )
        repo.add(row)
    else:
        row.capacity, row.set_by = capacity, principal.username
    session.flush()
    return row


def capacities(session: Session) -> dict[str, tuple[int, int]]:
    """Bank code → (capacity, entities held now)."""
    repo = OutreachRepository(session)
    loads = repo.active_loads()
    return {code: (cap, loads.get(code, 0)) for code, cap in sorted(repo.capacities().items())}


def _read_list(path: Path, today: date) -> list[rules.ListedEntity]:
    table = read_table(
        path,
        aliases=rules.aliases(),
        required=rules.REQUIRED,
        max_bytes=get_settings().max_upload_bytes,
    )
    problems: list[Problem] = []
    entities: list[rules.ListedEntity] = []
    first_row: dict[str, int] = {}
    for row, line in zip(table.rows, table.numbers, strict=True):
        entity, found = rules.check_row(row, file=table.name, line=line, today=today)
        problems.extend(found)
        if entity is None:
            continue
        if entity.identifier in first_row:
            problems.append(
                Problem(
                    table.name,
                    line,
                    rules.HEADERS_ZH["identifier"],
                    entity.identifier,
                    f"与第 {first_row[entity.identifier]} 行重复：同一主体只能列入一次",
                )
            )
            continue
        first_row[entity.identifier] = line
        entities.append(entity)
    if problems:
        raise DataInvalid(problems)
    return entities


def upload_list(
    session: Session,
    *,
    principal: Principal,
    path: Path,
    now: datetime,
    title: str | None = None,
    as_of: Period | None = None,
    idle_workdays: int = DEFAULT_IDLE_WORKDAYS,
) -> ListReport:
    """gov (or pboc) uploads a no-loan list: every row checked (all or nothing), borrowers of the
    ledgers of ``as_of`` (default: the latest accepted period) removed, the rest assigned."""
    require(principal, "gov", "pboc")
    if not 1 <= idle_workdays <= 60:
        raise OutreachInvalid(f"未对接转派期限「{idle_workdays}」无效：应为 1–60 个工作日。")
    entities = _read_list(path, china_date(now))
    periods = LedgerScan(session).periods()
    period = as_of or (max(periods) if periods else None)
    borrowers = _borrowers(session, period) if period is not None else set()
    kept = [e for e in entities if e.identifier not in borrowers]
    repo = OutreachRepository(session)
    record = OutreachList(
        title=(title or path.stem)[:120],
        source_name=path.name,
        source_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        as_of=str(period) if period else None,
        rows=len(entities),
        removed_borrowers=len(entities) - len(kept),
        idle_workdays=idle_workdays,
        uploaded_by=principal.username,
        uploaded_at=now,
    )
    repo.add(record)
    session.flush()
    repo.insert_entities(
        [
            {
                "list_id": record.id,
                "identifier": e.identifier,
                "name": e.name,
                "kind": e.kind,
                "county_code": e.county_code,
                "grid": e.grid,
                "industry_code": e.industry_code,
                "registered_capital_wan": e.registered_capital_wan,
                "established": e.established,
                "contact": e.contact,
                "closed": False,
            }
            for e in kept
        ]
    )
    run = assign_waiting(session, actor=principal.username, now=now, list_id=record.id)
    return ListReport(
        record.id, len(entities), record.removed_borrowers, len(kept), record.as_of, run
    )


def assign_waiting(
    session: Session,
    *,
    actor: str,
    now: datetime,
    list_id: int | None = None,
    presence: Presence | None = None,
) -> RunReport:
    """Run the assignment rule over the entities never assigned yet (``rules.assign``)."""
    repo = OutreachRepository(session)
    waiting = repo.waiting(list_id)
    presence = presence or bank_presence(session)
    caps = repo.capacities()
    loads = repo.active_loads()
    codes = sorted(c for c in caps if any(c in s for s in presence.by_county.values()))
    room = np.array([max(caps[c] - loads.get(c, 0), 0) for c in codes], dtype=np.int64)
    matrix = np.array(
        [[c in presence.by_county.get(county, set()) for c in codes] for county in COUNTY_CODES],
        dtype=bool,
    ).reshape(len(COUNTY_CODES), len(codes))
    county_index = {c: i for i, c in enumerate(COUNTY_CODES)}
    ids = np.array([w[0] for w in waiting], dtype=np.int64)
    county = np.array([county_index[w[1]] for w in waiting], dtype=np.int32)
    order = sorted(range(len(waiting)), key=lambda i: (waiting[i][2], waiting[i][3]))
    rank = np.empty(len(waiting), dtype=np.int64)
    rank[order] = np.arange(len(waiting))
    result = rules.assign(county, rank, matrix, room)
    chosen = result.bank >= 0
    per_bank = {
        codes[b]: int(n)
        for b, n in enumerate(np.bincount(result.bank[chosen], minlength=len(codes)))
        if n
    }
    run = repo.add_run(
        AssignmentRun(
            list_id=list_id,
            kind="assign",
            at=now,
            actor=actor,
            presence_period=presence.period,
            assigned=int(chosen.sum()),
            waiting=int((~chosen).sum()),
            summary="；".join(f"{c} {n}" for c, n in per_bank.items()) or "无可分配的银行或容量",
        )
    )
    institution_ids = repo.institution_ids(codes)
    idle_days = _idle_days(repo, list_id)
    today = china_date(now)
    due, provisional = _idle_due(work_calendar(session), today, idle_days)
    bank_ids = np.array([institution_ids[c] for c in codes], dtype=np.int64)
    picked_ids = ids[chosen].tolist()
    picked_banks = bank_ids[result.bank[chosen]].tolist() if codes else []
    city = result.city_basis[chosen].tolist()
    repo.insert_assignments(
        [
            {
                "entity_id": e,
                "active_entity_id": e,
                "institution_id": b,
                "run_id": run.id,
                "basis": "city" if c else "county",
                "assigned_at": now,
                "assigned_on": today,
                "idle_due_on": due,
                "idle_due_provisional": provisional,
                "status": "active",
            }
            for e, b, c in zip(picked_ids, picked_banks, city, strict=True)
        ]
    )
    return RunReport(
        run.id,
        run.assigned,
        run.waiting,
        int(result.city_basis[chosen].sum()),
        per_bank,
        presence.period,
    )


def _idle_due(calendar: WorkCalendar, start: date, idle_days: int) -> tuple[date, bool]:
    """The day an untouched assignment is handed on, and whether it was counted provisionally."""
    due = calendar.add_workdays(start, idle_days)
    return due, bool(calendar.provisional_years(start, due))


def recompute_provisional_idle_dues(session: Session, event: YearLoaded) -> int:
    """A holiday year was loaded: count the provisional hand-on days of active assignments again.

    Subscribed to ``holiday.service.YEAR_LOADED`` at the assembly points.
    """
    repo = OutreachRepository(session)
    found = repo.provisional_idle_dues()
    for assignment_id, assigned_on, idle_days in found:
        due, provisional = _idle_due(
            event.calendar, assigned_on, idle_days or DEFAULT_IDLE_WORKDAYS
        )
        repo.set_idle_due(assignment_id, due=due, provisional=provisional)
    return len(found)


def _idle_days(repo: OutreachRepository, list_id: int | None) -> int:
    found = repo.get_list(list_id) if list_id is not None else None
    return found.idle_workdays if found else DEFAULT_IDLE_WORKDAYS


def _own_active(session: Session, principal: Principal, assignment_id: int) -> EntityRow:
    require(principal, "bank")
    row = OutreachRepository(session).assignment_for(principal, assignment_id)
    if row is None or row.assignment is None:
        raise AssignmentNotFound()
    if row.assignment.status != "active":
        raise AssignmentClosed(ASSIGNMENT_STATUS[row.assignment.status])
    return row


ASSIGNMENT_STATUS = {
    "active": "跟进中",
    "declined": "银行退回",
    "expired": "超期未对接",
    "closed": "已获首贷",
}


def record_contact(
    session: Session, *, principal: Principal, assignment_id: int, data: ContactInput, now: datetime
) -> OutreachContact:
    """A bank records a contact with an entity it holds; "demand" may link a platform demand of
    that entity (its USCC), posted since the list arrived."""
    row = _own_active(session, principal, assignment_id)
    if data.outcome not in rules.OUTCOMES:
        raise OutreachInvalid(
            f"对接结果「{data.outcome}」无效，可选：{'、'.join(rules.OUTCOMES.values())}。"
        )
    if data.demand_id is not None:
        lst = OutreachRepository(session).get_list(row.entity.list_id)
        assert lst is not None
        mine = {
            d.id
            for d in OutreachRepository(session).demands_of(row.entity.identifier, lst.uploaded_at)
        }
        if data.demand_id not in mine:
            raise OutreachInvalid(
                f"融资需求 #{data.demand_id} 不是{row.entity.name}在名单下发后发布的需求，不能关联。"
            )
    contact = OutreachContact(
        assignment_id=assignment_id,
        entity_id=row.entity.id,
        institution_id=row.assignment.institution_id,  # type: ignore[union-attr]
        at=now,
        outcome=data.outcome,
        note=data.note.strip()[:2000],
        demand_id=data.demand_id,
        actor_name=principal.display_name,
    )
    OutreachRepository(session).add_contact(contact)
    return contact


def decline(
    session: Session, *, principal: Principal, assignment_id: int, reason: str, now: datetime
) -> RunReport:
    """A bank hands an entity back (with a reason); it goes to another present bank."""
    row = _own_active(session, principal, assignment_id)
    if not reason.strip():
        raise OutreachInvalid("退回须说明原因。")
    repo = OutreachRepository(session)
    repo.end_assignments([assignment_id], status="declined", at=now, reason=reason.strip()[:500])
    return _reassign(session, [row.entity.id], actor=principal.username, now=now)


def reassign_idle(session: Session, *, actor: str, now: datetime) -> RunReport:
    """Entities a bank did not contact within the list's N working days go to another bank
    (run daily by ``beizeng outreach sweep``)."""
    repo = OutreachRepository(session)
    idle = repo.idle(china_date(now))
    repo.end_assignments(
        [a for a, _ in idle], status="expired", at=now, reason="超过期限未登记对接"
    )
    return _reassign(session, [e for _, e in idle], actor=actor, now=now)


def _reassign(session: Session, entity_ids: list[int], *, actor: str, now: datetime) -> RunReport:
    repo = OutreachRepository(session)
    presence = bank_presence(session)
    caps = repo.capacities()
    loads = repo.active_loads()
    past = repo.past_banks(entity_ids)
    ids = repo.institution_ids(caps)
    code_of = {v: k for k, v in ids.items()}
    anywhere = sorted(set().union(*presence.by_county.values())) if presence.by_county else []
    rows: list[dict[str, object]] = []
    per_bank: dict[str, int] = {}
    today = china_date(now)
    calendar = work_calendar(session)
    city = 0
    for entity in sorted(
        repo.entities_by_id(entity_ids), key=lambda e: (e.county_code, e.grid, e.identifier)
    ):
        local = sorted(presence.by_county.get(entity.county_code, set()))
        basis = "county" if local else "city"
        excluded = {code_of[i] for i in past.get(entity.id, set()) if i in code_of}
        code = rules.pick_for_reassignment(local or anywhere, loads, caps, excluded)
        if code is None:
            continue
        loads[code] = loads.get(code, 0) + 1
        per_bank[code] = per_bank.get(code, 0) + 1
        city += basis == "city"
        lst = repo.get_list(entity.list_id)
        due, provisional = _idle_due(
            calendar, today, lst.idle_workdays if lst else DEFAULT_IDLE_WORKDAYS
        )
        rows.append(
            {
                "entity_id": entity.id,
                "active_entity_id": entity.id,
                "institution_id": ids[code],
                "basis": basis,
                "assigned_at": now,
                "assigned_on": today,
                "idle_due_on": due,
                "idle_due_provisional": provisional,
                "status": "active",
            }
        )
    run = repo.add_run(
        AssignmentRun(
            kind="reassign",
            at=now,
            actor=actor,
            presence_period=presence.period,
            assigned=len(rows),
            waiting=len(entity_ids) - len(rows),
            summary="；".join(f"{c} {n}" for c, n in sorted(per_bank.items())) or "无可转派的银行",
        )
    )
    for r in rows:
        r["run_id"] = run.id
    repo.insert_assignments(rows)
    return RunReport(
        run.id, len(rows), len(entity_ids) - len(rows), city, per_bank, presence.period
    )


@dataclass(frozen=True)
class BankEntities:
    rows: list[EntityRow]
    total: int
    page: int
    pages: int


def bank_entities(
    session: Session,
    *,
    principal: Principal,
    status: str | None = "active",
    page: int = 1,
    per_page: int = 50,
) -> BankEntities:
    """The entities a bank holds (or held), soonest idle deadline first."""
    require(principal, "bank")
    page = max(page, 1)
    rows, total = OutreachRepository(session).bank_assignments(
        principal, status=status or None, offset=(page - 1) * per_page, limit=per_page
    )
    return BankEntities(rows, total, page, max((total + per_page - 1) // per_page, 1))


@dataclass(frozen=True)
class EntityView:
    row: EntityRow
    contacts: list[OutreachContact]
    demands: list[tuple[int, str]]
    explanation: str


def entity_view(session: Session, *, principal: Principal, assignment_id: int) -> EntityView:
    """One assignment for its bank (or pboc/gov): the entity, contacts, linkable demands, why."""
    require(principal, "bank", "pboc", "gov")
    repo = OutreachRepository(session)
    row = repo.assignment_for(principal, assignment_id)
    if row is None or row.assignment is None:
        raise AssignmentNotFound()
    institution_filter = row.assignment.institution_id if principal.is_bank else None
    lst = repo.get_list(row.entity.list_id)
    assert lst is not None
    demands = [
        (d.id, f"#{d.id} {d.amount} 元 · {d.purpose[:20]}")
        for d in repo.demands_of(row.entity.identifier, lst.uploaded_at)
    ]
    presence = bank_presence(session)
    bank = InstitutionRepository(session).get_by_id(row.assignment.institution_id)
    county_name = {r.code: r.name for r in luliang_counties()}[row.entity.county_code]
    explanation = rules.explain(
        row.assignment.basis,
        county_name,
        bank.name if bank else "—",
        len(presence.by_county.get(row.entity.county_code, set())),
    )
    return EntityView(
        row, repo.contacts_of(row.entity.id, institution_filter), demands, explanation
    )


@dataclass(frozen=True)
class ListLine:
    record: OutreachList
    entities: int
    closed: int


def list_overview(session: Session, *, principal: Principal) -> list[ListLine]:
    """Every uploaded list with its size and how many entities got a first loan (pboc/gov)."""
    require(principal, "pboc", "gov")
    return [ListLine(r, n, c) for r, n, c in OutreachRepository(session).lists()]


def bank_choices(session: Session) -> list[tuple[str, str]]:
    """Registered banks as (code, name), for the capacity form."""
    return [
        (i.code, i.name)
        for i in InstitutionRepository(session).list()
        if i.category in BANK_CATEGORIES
    ]


def principal_named(session: Session, username: str) -> Principal:
    """The principal of a platform user, for commands run on someone's behalf (``--user``)."""
    from beizeng.account import service as accounts
    from beizeng.account.repository import AccountRepository

    user = AccountRepository(session).get_by_username(username)
    if user is None or not user.is_active:
        raise OutreachInvalid(f"用户「{username}」不存在或已停用。")
    return accounts.principal_of(session, user)
