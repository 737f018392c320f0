"""Assigning listed entities to banks: capacities, the assignment run, and the hand-on day.

Each bank follows at most its capacity of entities at a time (set by pboc); entities go to banks
lending in their county, the city's banks when none does (``rules.assign``). An untouched entity
is handed on after the list's N working days, counted on the holiday calendar: a day counted on
a provisional calendar year is recounted when that year's official notice is loaded.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.holiday.service import YearLoaded, work_calendar
from beizeng.institution.service import bank_by_code
from beizeng.kit.clock import china_date
from beizeng.models.outreach import AssignmentRun, BankCapacity
from beizeng.outreach import rules
from beizeng.outreach.errors import OutreachInvalid
from beizeng.outreach.presence import Presence, bank_presence
from beizeng.outreach.repository import OutreachRepository
from beizeng.outreach.schemas import RunReport
from beizeng.reference.regions import luliang_counties
from beizeng.reference.workdays import WorkCalendar

COUNTY_CODES = [r.code for r in luliang_counties()]
DEFAULT_IDLE_WORKDAYS = 10
"""Working days a bank has to make a first contact before the entity goes to another bank
(data of each list: ``idle_workdays``)."""


def set_capacity(
    session: Session, *, principal: Principal, institution_code: str, capacity: int
) -> BankCapacity:
    """pboc sets how many listed entities a bank follows at a time."""
    authorize(principal, "outreach.assign")
    if capacity < 0 or capacity > 10_000_000:
        raise OutreachInvalid(f"容量「{capacity}」无效：应为 0 到 10,000,000 之间的整数。")
    institution = bank_by_code(session, institution_code)
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
    due, provisional = idle_due(work_calendar(session), today, idle_days)
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


def idle_due(calendar: WorkCalendar, start: date, idle_days: int) -> tuple[date, bool]:
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
        due, provisional = idle_due(event.calendar, assigned_on, idle_days or DEFAULT_IDLE_WORKDAYS)
        repo.set_idle_due(assignment_id, due=due, provisional=provisional)
    return len(found)


def _idle_days(repo: OutreachRepository, list_id: int | None) -> int:
    found = repo.get_list(list_id) if list_id is not None else None
    return found.idle_workdays if found else DEFAULT_IDLE_WORKDAYS
