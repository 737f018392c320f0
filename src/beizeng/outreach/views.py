"""What the pages show of the drive: a bank's entities, one assignment explained, the lists.

Read-only use cases; each checks the role and leaves the scoping to the repository, so a bank
never sees another bank's entities (CONVENTIONS rule 6).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.institution.service import institution_by_id
from beizeng.models.outreach import OutreachContact, OutreachList
from beizeng.outreach import rules
from beizeng.outreach.errors import AssignmentNotFound
from beizeng.outreach.presence import bank_presence
from beizeng.outreach.repository import EntityRow, OutreachRepository
from beizeng.reference.regions import luliang_counties


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
    authorize(principal, "outreach.follow_up")
    page = max(page, 1)
    rows, total = OutreachRepository(session).bank_assignments(
        principal, status=status or None, offset=(page - 1) * per_page, limit=per_page
    )
    return BankEntities(rows, total, page, max((total + per_page - 1) // per_page, 1))


def held_entities(
    session: Session, *, principal: Principal, status: str | None = "active"
) -> list[EntityRow]:
    """Every entity a bank holds (or held), soonest idle deadline first: the page sorts,
    filters and pages them (issue 14 point 4)."""
    authorize(principal, "outreach.follow_up")
    rows, _total = OutreachRepository(session).bank_assignments(
        principal, status=status or None, offset=0, limit=None
    )
    return rows


@dataclass(frozen=True)
class EntityView:
    row: EntityRow
    contacts: list[OutreachContact]
    demands: list[tuple[int, str]]
    explanation: str


def entity_view(session: Session, *, principal: Principal, assignment_id: int) -> EntityView:
    """One assignment for its bank (or pboc/gov): the entity, contacts, linkable demands, why."""
    authorize(principal, "outreach.read")
    repo = OutreachRepository(session)
    row = repo.assignment_for(principal, assignment_id)
    if row is None or row.assignment is None:
        raise AssignmentNotFound()
    institution_filter = row.assignment.institution_id if principal.is_bank else None
    lst = repo.get_list(row.entity.list_id)
    assert lst is not None
    demands = [
        (d.id, f"#{d.id} {d.amount} 元 · {d.purpose[:20]}")
        for d in repo.demands_of(principal, row.entity.identifier, lst.uploaded_at)
    ]
    presence = bank_presence(session)
    bank = institution_by_id(session, row.assignment.institution_id)
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
    authorize(principal, "outreach.lists")
    return [ListLine(r, n, c) for r, n, c in OutreachRepository(session).lists()]
