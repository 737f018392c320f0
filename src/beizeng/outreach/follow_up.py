"""What a bank does with an entity it holds: record a contact, or hand it back with a reason.

Only the holding bank acts, and only while the assignment is active: a contact recorded after
the entity moved on would credit the wrong bank in the funnel.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.models.outreach import OutreachContact
from beizeng.outreach import rules
from beizeng.outreach.errors import AssignmentClosed, AssignmentNotFound, OutreachInvalid
from beizeng.outreach.reassignment import reassign
from beizeng.outreach.repository import EntityRow, OutreachRepository
from beizeng.outreach.schemas import ContactInput, RunReport


def _own_active(session: Session, principal: Principal, assignment_id: int) -> EntityRow:
    authorize(principal, "outreach.follow_up")
    row = OutreachRepository(session).assignment_for(principal, assignment_id)
    if row is None or row.assignment is None:
        raise AssignmentNotFound()
    if row.assignment.status != "active":
        raise AssignmentClosed(rules.ASSIGNMENT_STATUS[row.assignment.status])
    return row


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
            for d in OutreachRepository(session).demands_of(
                principal, row.entity.identifier, lst.uploaded_at
            )
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
    return reassign(session, [row.entity.id], actor=principal.username, now=now)
