"""The enterprise's contact phone on a demand: masked for everyone, whole for the enterprise
itself, and read whole (logged, with a purpose) by who needs to call it.

JR/T 0171-2020 个人金融信息保护技术规范, 7.1.2–7.1.3: a phone number is shown masked and its
whole value only to those who need it, each read recorded. The bank handling the demand
(accepted, approved or disbursed: C-3.4.2, it must contact the enterprise within five working
days) needs it; another bank browsing open demands does not; pboc and gov may ask, for a
stated purpose (supervising the reply).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize, may
from beizeng.access.principal import Principal
from beizeng.demand.errors import DemandNotFound
from beizeng.demand.repository import DemandRepository
from beizeng.demand.service import DemandView
from beizeng.enterprise import service as enterprises
from beizeng.models.demand import Demand
from beizeng.privacy import rules as privacy
from beizeng.privacy import service as personal_data
from beizeng.privacy.errors import RevealNotNeeded

HANDLING = frozenset({"accepted", "approved", "disbursed"})
"""Statuses in which the bank holding a demand is working on it with the enterprise."""


def needs_contact_phone(demand: Demand, principal: Principal) -> bool:
    """Whether ``principal`` may read the whole phone of ``demand``'s enterprise (logged): the
    bank handling it, or a supervisor who states why."""
    if not may(principal, "demand.reveal"):
        return False
    if principal.is_bank:
        return demand.institution_id == principal.institution_id and demand.status in HANDLING
    return True


def contact_phone(view: DemandView, *, principal: Principal) -> privacy.Shown:
    """What the demand page shows of the enterprise's contact phone to ``principal``."""
    own = principal.enterprise_id is not None and principal.enterprise_id == view.enterprise.id
    return privacy.shown(
        "phone",
        view.enterprise.contact_phone,
        own=own,
        revealable=needs_contact_phone(view.demand, principal),
    )


def reveal_contact_phone(
    session: Session, *, principal: Principal, demand_id: int, purpose: str, now: datetime
) -> privacy.Revealed:
    """The whole contact phone of the demand's enterprise, the read logged with ``purpose``."""
    authorize(principal, "demand.reveal")
    stated = privacy.check_purpose(purpose)
    demand = DemandRepository(session).get(principal, demand_id)
    if demand is None:
        raise DemandNotFound()
    if not needs_contact_phone(demand, principal):
        raise RevealNotNeeded("受理并办理该需求的银行才能查看企业的完整联系电话。")
    enterprise = enterprises.enterprise_by_id(session, demand.enterprise_id)
    if enterprise is None or not enterprise.contact_phone:
        raise DemandNotFound()
    value = personal_data.reveal(
        session,
        principal=principal,
        subject=f"enterprise:{enterprise.id}（需求 #{demand.id}）",
        field="phone",
        value=enterprise.contact_phone,
        purpose=stated,
        now=now,
    )
    return privacy.Revealed(
        "企业联系电话",
        enterprise.name,
        value,
        stated,
        f"/demands/{demand.id}",
    )
