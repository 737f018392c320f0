"""A listed entity's identifier and contact on its assignment page: masked, and read whole
(logged, with a purpose) by who needs them.

JR/T 0171-2020 个人金融信息保护技术规范, 7.1.2–7.1.3: an individual business listed by its
operator's resident ID, and any phone number in 联系方式, are shown masked; the bank following
the entity (its assignment active: C-3.3.1, it must visit and call) reads the whole value, and
pboc or gov may ask for a stated purpose. Every such read is logged by ``privacy.service``.
A USCC is not personal data and is shown as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize, may
from beizeng.access.principal import Principal
from beizeng.outreach.errors import AssignmentNotFound
from beizeng.outreach.repository import EntityRow, OutreachRepository
from beizeng.privacy import rules as privacy
from beizeng.privacy import service as personal_data
from beizeng.privacy.errors import RevealNotNeeded

FIELDS = {"identifier": ("identifier", "证件号码"), "contact": ("phone", "联系方式")}
"""Entity column → (personal field of the read log, label)."""


@dataclass(frozen=True)
class EntityPersonal:
    identifier: privacy.Shown
    contact: privacy.Shown


def needs_whole(row: EntityRow, principal: Principal) -> bool:
    """Whether ``principal`` may read the entity's whole identifier and contact (logged): the
    bank holding the active assignment, or a supervisor who states why."""
    if not may(principal, "outreach.reveal") or row.assignment is None:
        return False
    if principal.is_bank:
        return (
            row.assignment.institution_id == principal.institution_id
            and row.assignment.status == "active"
        )
    return True


def _value(row: EntityRow, column: str) -> str | None:
    return row.entity.identifier if column == "identifier" else row.entity.contact


def entity_personal(row: EntityRow, *, principal: Principal) -> EntityPersonal:
    """What the assignment page shows of the entity's identifier and contact."""
    allowed = needs_whole(row, principal)
    found = {}
    for column, (field, _label) in FIELDS.items():
        value = _value(row, column)
        masked = privacy.shown(field, value, own=False, revealable=allowed)
        # Nothing to reveal when the mask hides nothing (an enterprise's USCC).
        found[column] = masked if masked.text != value else privacy.Shown(masked.text, whole=True)
    return EntityPersonal(found["identifier"], found["contact"])


def reveal_entity_field(
    session: Session,
    *,
    principal: Principal,
    assignment_id: int,
    column: str,
    purpose: str,
    now: datetime,
) -> privacy.Revealed:
    """The entity's whole identifier or contact, the read logged with ``purpose``."""
    authorize(principal, "outreach.reveal")
    stated = privacy.check_purpose(purpose)
    if column not in FIELDS:
        raise AssignmentNotFound()
    row = OutreachRepository(session).assignment_for(principal, assignment_id)
    if row is None or row.assignment is None:
        raise AssignmentNotFound()
    if not needs_whole(row, principal):
        raise RevealNotNeeded("仅承接该无贷户且仍在跟进的银行可以查看完整证件号码和联系方式。")
    value = _value(row, column)
    if not value:
        raise AssignmentNotFound()
    field, label = FIELDS[column]
    value = personal_data.reveal(
        session,
        principal=principal,
        subject=f"outreach_entity:{row.entity.id}（分配 #{row.assignment.id}）",
        field=field,
        value=value,
        purpose=stated,
        now=now,
    )
    return privacy.Revealed(
        label,
        row.entity.name,
        value,
        stated,
        f"/outreach/assignments/{row.assignment.id}",
    )
