"""Every SQL statement of matching events, each query starting from the aggregate's
``readable`` allow-list (access-model issue, point 1; probe finding 3: insurers and guarantors
saw every event and every bank's agreements):

- events: pboc (city) and gov every event, a pboc county sub-branch the events of its county,
  a bank or an enterprise the events it was invited to, any other role none;
- agreements: pboc (city) and gov all, a county sub-branch those of its county's events, a bank
  its own, any other role none.
"""

from __future__ import annotations

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.models.account import Enterprise
from beizeng.models.base import Statement
from beizeng.models.event import EventAgreement, EventInvitation, MatchEvent
from beizeng.models.institution import Institution


def readable_events(statement: Statement, principal: Principal) -> Statement:
    """``statement`` (over MatchEvent) limited to the events ``principal`` may read."""
    match principal.role:
        case "pboc" if principal.county_code is not None:
            return statement.where(MatchEvent.county_code == principal.county_code)
        case "pboc" | "gov":
            return statement
        case "bank" if principal.institution_id is not None:
            invited = select(EventInvitation.event_id).where(
                EventInvitation.institution_id == principal.institution_id
            )
            return statement.where(MatchEvent.id.in_(invited))
        case "enterprise" if principal.enterprise_id is not None:
            invited = select(EventInvitation.event_id).where(
                EventInvitation.enterprise_id == principal.enterprise_id
            )
            return statement.where(MatchEvent.id.in_(invited))
        case _:
            return statement.where(false())


def readable_agreements(statement: Statement, principal: Principal) -> Statement:
    """``statement`` (over EventAgreement) limited to the agreements ``principal`` may read."""
    match principal.role:
        case "pboc" if principal.county_code is not None:
            in_county = select(MatchEvent.id).where(MatchEvent.county_code == principal.county_code)
            return statement.where(EventAgreement.event_id.in_(in_county))
        case "pboc" | "gov":
            return statement
        case "bank" if principal.institution_id is not None:
            return statement.where(EventAgreement.institution_id == principal.institution_id)
        case _:
            return statement.where(false())


class EventRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, obj: object) -> None:
        self.session.add(obj)
        self.session.flush()

    def visible_events(self, principal: Principal) -> list[MatchEvent]:
        stmt = readable_events(select(MatchEvent), principal)
        return list(
            self.session.scalars(stmt.order_by(MatchEvent.held_on.desc(), MatchEvent.id.desc()))
        )

    def get(self, principal: Principal, event_id: int) -> MatchEvent | None:
        stmt = readable_events(select(MatchEvent), principal).where(MatchEvent.id == event_id)
        return self.session.scalar(stmt)

    def invitations(self, event_id: int) -> list[tuple[EventInvitation, str]]:
        stmt = (
            select(EventInvitation, Institution.name, Enterprise.name)
            .outerjoin(Institution, Institution.id == EventInvitation.institution_id)
            .outerjoin(Enterprise, Enterprise.id == EventInvitation.enterprise_id)
            .where(EventInvitation.event_id == event_id)
            .order_by(EventInvitation.id)
        )
        return [(inv, bank or firm or "—") for inv, bank, firm in self.session.execute(stmt)]

    def invited(
        self, event_id: int, *, institution_id: int | None, enterprise_id: int | None
    ) -> bool:
        stmt = select(EventInvitation.id).where(EventInvitation.event_id == event_id)
        if institution_id is not None:
            stmt = stmt.where(EventInvitation.institution_id == institution_id)
        if enterprise_id is not None:
            stmt = stmt.where(EventInvitation.enterprise_id == enterprise_id)
        return self.session.scalar(stmt.limit(1)) is not None

    def agreements(self, principal: Principal, event_id: int) -> list[tuple[EventAgreement, str]]:
        """The agreements of one event that ``principal`` may read, with their bank's code."""
        stmt = readable_agreements(
            select(EventAgreement, Institution.code).join(
                Institution, Institution.id == EventAgreement.institution_id
            ),
            principal,
        ).where(EventAgreement.event_id == event_id)
        return [(a, code) for a, code in self.session.execute(stmt.order_by(EventAgreement.id))]

    def open_agreements(self) -> list[tuple[EventAgreement, str]]:
        stmt = (
            select(EventAgreement, Institution.code)
            .join(Institution, Institution.id == EventAgreement.institution_id)
            .where(EventAgreement.disbursed_on.is_(None))
        )
        return [(a, code) for a, code in self.session.execute(stmt)]

    def enterprise_by_uscc(self, uscc: str) -> Enterprise | None:
        return self.session.scalar(select(Enterprise).where(Enterprise.uscc == uscc))
