"""Every SQL statement of matching events; a bank sees only events it was invited to and its
own agreements."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.models.account import Enterprise
from beizeng.models.event import EventAgreement, EventInvitation, MatchEvent
from beizeng.models.institution import Institution


class EventRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, obj: object) -> None:
        self.session.add(obj)
        self.session.flush()

    def _visible(self, principal: Principal) -> Select[MatchEvent]:
        stmt = select(MatchEvent)
        if principal.is_bank:
            invited = select(EventInvitation.event_id).where(
                EventInvitation.institution_id == principal.institution_id
            )
            stmt = stmt.where(MatchEvent.id.in_(invited))
        elif principal.role == "enterprise":
            invited = select(EventInvitation.event_id).where(
                EventInvitation.enterprise_id == principal.enterprise_id
            )
            stmt = stmt.where(MatchEvent.id.in_(invited))
        return stmt

    def visible_events(self, principal: Principal) -> list[MatchEvent]:
        stmt = self._visible(principal).order_by(MatchEvent.held_on.desc(), MatchEvent.id.desc())
        return list(self.session.scalars(stmt))

    def get(self, principal: Principal, event_id: int) -> MatchEvent | None:
        return self.session.scalar(self._visible(principal).where(MatchEvent.id == event_id))

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

    def agreements(
        self, event_id: int | None, institution_id: int | None = None
    ) -> list[tuple[EventAgreement, str]]:
        stmt = select(EventAgreement, Institution.code).join(
            Institution, Institution.id == EventAgreement.institution_id
        )
        if event_id is not None:
            stmt = stmt.where(EventAgreement.event_id == event_id)
        if institution_id is not None:
            stmt = stmt.where(EventAgreement.institution_id == institution_id)
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
