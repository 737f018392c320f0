"""Handing entities on: what a bank declined or left idle goes to another present bank.

Run by a bank's decline and daily by ``beizeng outreach sweep``; an entity never returns to a
bank that already held it, so a hand-on is a real second chance for the entity.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from beizeng.holiday.service import work_calendar
from beizeng.kit.clock import china_date
from beizeng.models.outreach import AssignmentRun
from beizeng.outreach import rules
from beizeng.outreach.assignment import DEFAULT_IDLE_WORKDAYS, idle_due
from beizeng.outreach.presence import bank_presence
from beizeng.outreach.repository import OutreachRepository
from beizeng.outreach.schemas import RunReport


def reassign_idle(session: Session, *, actor: str, now: datetime) -> RunReport:
    """Entities a bank did not contact within the list's N working days go to another bank
    (run daily by ``beizeng outreach sweep``)."""
    repo = OutreachRepository(session)
    idle = repo.idle(china_date(now))
    repo.end_assignments(
        [a for a, _ in idle], status="expired", at=now, reason="超过期限未登记对接"
    )
    return reassign(session, [e for _, e in idle], actor=actor, now=now)


def reassign(session: Session, entity_ids: list[int], *, actor: str, now: datetime) -> RunReport:
    """Give each entity to the least-loaded present bank that never held it
    (``rules.pick_for_reassignment``); the rest wait."""
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
        due, provisional = idle_due(
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
