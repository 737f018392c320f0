"""Every SQL statement of the first-loan drive. Scoping is here, in one allow-list per
aggregate (access-model issue, point 1):

- listed entities with their assignment (:func:`readable`): pboc (city) and gov all, a pboc
  county sub-branch those of its county (C-3.1.2), a bank those it holds or held (and only its
  county for a county branch's user), any other role none;
- platform demands linked from the drive (:func:`readable_demands`, probe finding 5): pboc and
  gov as above, a bank the demands it handles and those still open to every bank — never
  another bank's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, and_, case, false, func, insert, or_, select, update
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.models.account import Enterprise
from beizeng.models.base import Statement
from beizeng.models.demand import Demand
from beizeng.models.institution import Institution
from beizeng.models.outreach import (
    AssignmentRun,
    BankCapacity,
    OutreachAssignment,
    OutreachContact,
    OutreachEntity,
    OutreachList,
)

CHUNK = 5_000
ENTITY_TABLE = cast(Table, OutreachEntity.__table__)
ASSIGNMENT_TABLE = cast(Table, OutreachAssignment.__table__)
"""Core tables: bulk inserts without the ORM's per-row bookkeeping (300,000 rows in seconds)."""


def readable(statement: Statement, principal: Principal) -> Statement:
    """``statement`` (over OutreachEntity joined to OutreachAssignment) limited to what
    ``principal`` may read."""
    match principal.role:
        case "pboc" if principal.county_code is not None:
            return statement.where(OutreachEntity.county_code == principal.county_code)
        case "pboc" | "gov":
            return statement
        case "bank" if principal.institution_id is not None:
            statement = statement.where(
                OutreachAssignment.institution_id == principal.institution_id
            )
            if principal.county_code:
                statement = statement.where(OutreachEntity.county_code == principal.county_code)
            return statement
        case _:
            return statement.where(false())


def readable_demands(statement: Statement, principal: Principal) -> Statement:
    """``statement`` (over Demand joined to its Enterprise) limited to the demands the drive
    may show ``principal``."""
    match principal.role:
        case "pboc" if principal.county_code is not None:
            return statement.where(Demand.county_code == principal.county_code)
        case "pboc" | "gov":
            return statement
        case "bank" if principal.institution_id is not None:
            # Its own, or open to every bank (not picked up yet) — never another bank's.
            open_to_banks = and_(Demand.status == "submitted", Demand.institution_id.is_(None))
            return statement.where(
                or_(Demand.institution_id == principal.institution_id, open_to_banks)
            )
        case _:
            return statement.where(false())


@dataclass(frozen=True)
class EntityRow:
    entity: OutreachEntity
    assignment: OutreachAssignment | None
    list_title: str


@dataclass(frozen=True)
class FunnelFacts:
    """What the funnel needs about one listed entity (plain values)."""

    entity_id: int
    list_id: int
    county_code: str
    identifier: str
    institution_code: str | None
    assigned_on: date | None
    first_loan_on: date | None
    first_loan_code: str | None


class OutreachRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # lists and entities -------------------------------------------------------------
    def add(self, obj: object) -> None:
        self.session.add(obj)

    def insert_entities(self, rows: Sequence[dict[str, Any]]) -> None:
        for start in range(0, len(rows), CHUNK):
            self.session.execute(insert(ENTITY_TABLE), list(rows[start : start + CHUNK]))

    def get_list(self, list_id: int) -> OutreachList | None:
        return self.session.get(OutreachList, list_id)

    def lists(self) -> list[tuple[OutreachList, int, int]]:
        """Lists with their entity and closed counts, newest first."""
        counts = (
            select(
                OutreachEntity.list_id,
                func.count().label("n"),
                func.sum(case((OutreachEntity.closed, 1), else_=0)).label("c"),
            )
            .group_by(OutreachEntity.list_id)
            .subquery()
        )
        stmt = (
            select(OutreachList, counts.c.n, counts.c.c)
            .outerjoin(counts, counts.c.list_id == OutreachList.id)
            .order_by(OutreachList.id.desc())
        )
        return [(lst, int(n or 0), int(c or 0)) for lst, n, c in self.session.execute(stmt)]

    def waiting(self, list_id: int | None = None) -> list[tuple[int, str, str, str]]:
        """Open entities without an active assignment that were never assigned:
        (id, county, grid, identifier)."""
        ever = select(OutreachAssignment.entity_id)
        stmt = select(
            OutreachEntity.id,
            OutreachEntity.county_code,
            OutreachEntity.grid,
            OutreachEntity.identifier,
        ).where(~OutreachEntity.closed, OutreachEntity.id.not_in(ever))
        if list_id is not None:
            stmt = stmt.where(OutreachEntity.list_id == list_id)
        return [tuple(r) for r in self.session.execute(stmt)]  # type: ignore[misc]

    def open_identifiers(self, identifiers: Iterable[str]) -> dict[str, list[int]]:
        """Open listed entities among ``identifiers``: identifier → entity ids."""
        wanted = list(identifiers)
        found: dict[str, list[int]] = {}
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            stmt = select(OutreachEntity.identifier, OutreachEntity.id).where(
                ~OutreachEntity.closed, OutreachEntity.identifier.in_(chunk)
            )
            for identifier, entity_id in self.session.execute(stmt):
                found.setdefault(identifier, []).append(entity_id)
        return found

    def has_open_entities(self) -> bool:
        return (
            self.session.scalar(select(OutreachEntity.id).where(~OutreachEntity.closed).limit(1))
            is not None
        )

    def close_entities(self, entity_ids: Sequence[int], values: dict[str, Any]) -> None:
        for start in range(0, len(entity_ids), CHUNK):
            chunk = entity_ids[start : start + CHUNK]
            self.session.execute(
                update(OutreachEntity).where(OutreachEntity.id.in_(chunk)).values(**values)
            )

    # capacity and assignments -------------------------------------------------------
    def capacities(self) -> dict[str, int]:
        stmt = (
            select(Institution.code, BankCapacity.capacity)
            .select_from(BankCapacity)
            .join(Institution, Institution.id == BankCapacity.institution_id)
        )
        return {code: int(cap) for code, cap in self.session.execute(stmt)}

    def capacity_of(self, institution_id: int) -> BankCapacity | None:
        return self.session.scalar(
            select(BankCapacity).where(BankCapacity.institution_id == institution_id)
        )

    def active_loads(self) -> dict[str, int]:
        stmt = (
            select(Institution.code, func.count())
            .select_from(OutreachAssignment)
            .join(Institution, Institution.id == OutreachAssignment.institution_id)
            .where(OutreachAssignment.status == "active")
            .group_by(Institution.code)
        )
        return {code: int(n) for code, n in self.session.execute(stmt)}

    def add_run(self, run: AssignmentRun) -> AssignmentRun:
        self.session.add(run)
        self.session.flush()
        return run

    def insert_assignments(self, rows: Sequence[dict[str, Any]]) -> None:
        for start in range(0, len(rows), CHUNK):
            self.session.execute(insert(ASSIGNMENT_TABLE), list(rows[start : start + CHUNK]))

    def end_assignments(
        self, ids: Sequence[int], *, status: str, at: datetime, reason: str
    ) -> None:
        for start in range(0, len(ids), CHUNK):
            self.session.execute(
                update(OutreachAssignment)
                .where(OutreachAssignment.id.in_(ids[start : start + CHUNK]))
                .values(status=status, ended_at=at, end_reason=reason, active_entity_id=None)
            )

    def past_banks(self, entity_ids: Sequence[int]) -> dict[int, set[int]]:
        out: dict[int, set[int]] = {}
        stmt = select(OutreachAssignment.entity_id, OutreachAssignment.institution_id).where(
            OutreachAssignment.entity_id.in_(list(entity_ids))
        )
        for entity_id, institution_id in self.session.execute(stmt):
            out.setdefault(entity_id, set()).add(institution_id)
        return out

    def provisional_idle_dues(self) -> list[tuple[int, date, int | None]]:
        """(assignment id, assigned on, the list's idle working days) of active assignments
        whose idle deadline was counted without the year's holiday notice."""
        stmt = (
            select(
                OutreachAssignment.id, OutreachAssignment.assigned_on, OutreachList.idle_workdays
            )
            .join(OutreachEntity, OutreachEntity.id == OutreachAssignment.entity_id)
            .join(OutreachList, OutreachList.id == OutreachEntity.list_id, isouter=True)
            .where(
                OutreachAssignment.idle_due_provisional.is_(True),
                OutreachAssignment.status == "active",
            )
        )
        return [(a, on, days) for a, on, days in self.session.execute(stmt)]

    def set_idle_due(self, assignment_id: int, *, due: date, provisional: bool) -> None:
        self.session.execute(
            update(OutreachAssignment)
            .where(OutreachAssignment.id == assignment_id)
            .values(idle_due_on=due, idle_due_provisional=provisional)
        )

    def idle(self, before: date) -> list[tuple[int, int]]:
        """Active assignments whose idle deadline passed without a contact: (id, entity_id)."""
        contacted = select(OutreachContact.assignment_id)
        stmt = select(OutreachAssignment.id, OutreachAssignment.entity_id).where(
            OutreachAssignment.status == "active",
            OutreachAssignment.idle_due_on < before,
            OutreachAssignment.id.not_in(contacted),
        )
        return [(int(a), int(e)) for a, e in self.session.execute(stmt)]

    def entities_by_id(self, ids: Sequence[int]) -> list[OutreachEntity]:
        return list(self.session.scalars(select(OutreachEntity).where(OutreachEntity.id.in_(ids))))

    # what a principal reads --------------------------------------------------------
    def assignment_for(self, principal: Principal, assignment_id: int) -> EntityRow | None:
        """One assignment with its entity, if ``principal`` may read it."""
        stmt = (
            select(OutreachEntity, OutreachAssignment, OutreachList.title)
            .join(OutreachAssignment, OutreachAssignment.entity_id == OutreachEntity.id)
            .join(OutreachList, OutreachList.id == OutreachEntity.list_id)
            .where(OutreachAssignment.id == assignment_id)
        )
        row = self.session.execute(readable(stmt, principal)).first()
        return EntityRow(row[0], row[1], row[2]) if row else None

    def bank_assignments(
        self, principal: Principal, *, status: str | None, offset: int, limit: int | None
    ) -> tuple[list[EntityRow], int]:
        """The assignments ``principal`` holds, soonest idle deadline first (``limit=None``:
        all of them), and how many there are."""
        base = (
            select(OutreachEntity, OutreachAssignment, OutreachList.title)
            .join(OutreachAssignment, OutreachAssignment.entity_id == OutreachEntity.id)
            .join(OutreachList, OutreachList.id == OutreachEntity.list_id)
        )
        base = readable(base, principal)
        if status:
            base = base.where(OutreachAssignment.status == status)
        total = self.session.scalar(select(func.count()).select_from(base.subquery())) or 0
        rows = self.session.execute(
            base.order_by(OutreachAssignment.idle_due_on, OutreachEntity.id)
            .offset(offset)
            .limit(limit)
        )
        return [EntityRow(r[0], r[1], r[2]) for r in rows], int(total)

    def contacts_of(self, entity_id: int, institution_id: int | None) -> list[OutreachContact]:
        stmt = select(OutreachContact).where(OutreachContact.entity_id == entity_id)
        if institution_id is not None:
            stmt = stmt.where(OutreachContact.institution_id == institution_id)
        return list(self.session.scalars(stmt.order_by(OutreachContact.at)))

    def add_contact(self, contact: OutreachContact) -> None:
        self.session.add(contact)
        self.session.flush()

    def demands_of(self, principal: Principal, identifier: str, since: datetime) -> list[Demand]:
        """Platform demands of the enterprise with this USCC posted since the list arrived,
        those ``principal`` may see (a bank: its own)."""
        stmt = readable_demands(
            select(Demand)
            .join(Enterprise, Enterprise.id == Demand.enterprise_id)
            .where(Enterprise.uscc == identifier, Demand.submitted_at >= since),
            principal,
        )
        return list(self.session.scalars(stmt.order_by(Demand.id)))

    # the funnel ---------------------------------------------------------------------
    def funnel_facts(self, principal: Principal, *, list_id: int | None) -> list[FunnelFacts]:
        """Each listed entity ``principal`` may read, with its latest assignment and the
        ledger's first loan (a bank: the entities it holds or held last)."""
        latest = (
            select(OutreachAssignment.entity_id, func.max(OutreachAssignment.id).label("aid"))
            .group_by(OutreachAssignment.entity_id)
            .subquery()
        )
        bank = Institution.__table__.alias("bank")
        lender = Institution.__table__.alias("lender")
        stmt = (
            select(
                OutreachEntity.id,
                OutreachEntity.list_id,
                OutreachEntity.county_code,
                OutreachEntity.identifier,
                bank.c.code,
                OutreachAssignment.assigned_on,
                OutreachEntity.first_loan_on,
                lender.c.code,
            )
            .outerjoin(latest, latest.c.entity_id == OutreachEntity.id)
            .outerjoin(OutreachAssignment, OutreachAssignment.id == latest.c.aid)
            .outerjoin(bank, bank.c.id == OutreachAssignment.institution_id)
            .outerjoin(lender, lender.c.id == OutreachEntity.first_loan_institution_id)
        )
        stmt = readable(stmt, principal)
        if list_id is not None:
            stmt = stmt.where(OutreachEntity.list_id == list_id)
        return [FunnelFacts(*row) for row in self.session.execute(stmt)]

    def contact_facts(
        self, entity_ids: set[int] | None
    ) -> list[tuple[int, datetime, str, int | None]]:
        stmt = select(
            OutreachContact.entity_id,
            OutreachContact.at,
            OutreachContact.outcome,
            OutreachContact.demand_id,
        )
        rows = [(int(e), at, o, d) for e, at, o, d in self.session.execute(stmt)]
        return rows if entity_ids is None else [r for r in rows if r[0] in entity_ids]

    def demand_facts(self) -> list[tuple[int, str, datetime, datetime | None, str]]:
        """Platform demands of listed entities: (demand id, uscc, submitted, replied, status)."""
        listed = select(OutreachEntity.identifier)
        stmt = (
            select(
                Demand.id, Enterprise.uscc, Demand.submitted_at, Demand.replied_at, Demand.status
            )
            .join(Enterprise, Enterprise.id == Demand.enterprise_id)
            .where(Enterprise.uscc.in_(listed))
        )
        return [tuple(r) for r in self.session.execute(stmt)]  # type: ignore[misc]

    def list_uploaded(self) -> dict[int, datetime]:
        return {
            i: at
            for i, at in self.session.execute(select(OutreachList.id, OutreachList.uploaded_at))
        }

    def institution_ids(self, codes: Iterable[str]) -> dict[str, int]:
        stmt = select(Institution.code, Institution.id).where(Institution.code.in_(list(codes)))
        return {c: int(i) for c, i in self.session.execute(stmt)}

    def latest_assignment_of(self, entity_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """Active assignment per entity: entity → (assignment id, institution id)."""
        stmt = select(
            OutreachAssignment.entity_id, OutreachAssignment.id, OutreachAssignment.institution_id
        ).where(
            and_(
                OutreachAssignment.status == "active",
                OutreachAssignment.entity_id.in_(list(entity_ids)),
            )
        )
        return {int(e): (int(a), int(i)) for e, a, i in self.session.execute(stmt)}
