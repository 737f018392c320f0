"""Every SQL statement of the deadline sweep: demands by their reply deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng.models.account import Enterprise
from beizeng.models.demand import Demand
from beizeng.models.institution import Institution


@dataclass(frozen=True)
class DueDemand:
    demand: Demand
    enterprise_name: str
    institution_code: str | None
    institution_name: str | None


@dataclass(frozen=True)
class ReplyFacts:
    """What the five-working-day reply rate reads of one demand (C-3.4.2)."""

    demand_id: int
    institution_code: str
    uscc: str
    amount: Decimal
    submitted_at: datetime
    deadline: date
    replied_at: datetime | None
    closed_at: datetime | None


class DeadlineRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def unreplied_until(self, last: date, county: str | None = None) -> list[DueDemand]:
        """Unreplied demands whose deadline is on or before ``last`` (the daily sweep; pboc view),
        of one county when ``county`` is given."""
        stmt = (
            select(Demand, Enterprise.name, Institution.code, Institution.name)
            .join(Enterprise, Enterprise.id == Demand.enterprise_id)
            .outerjoin(Institution, Institution.id == Demand.institution_id)
            .where(Demand.status.in_(("submitted", "accepted")), Demand.deadline <= last)
            .order_by(Institution.code, Demand.deadline, Demand.id)
        )
        if county is not None:
            stmt = stmt.where(Demand.county_code == county)
        return [DueDemand(d, en, ic, iname) for d, en, ic, iname in self.session.execute(stmt)]

    def deadlines_between(
        self, first: date, last: date, county: str | None = None
    ) -> list[tuple[str, Demand]]:
        """(institution code, demand) for every demand whose deadline falls in [first, last]
        (of one county when ``county`` is given)."""
        stmt = (
            select(Institution.code, Demand)
            .join(Institution, Institution.id == Demand.institution_id)
            .where(Demand.deadline >= first, Demand.deadline <= last)
        )
        if county is not None:
            stmt = stmt.where(Demand.county_code == county)
        return [(code, demand) for code, demand in self.session.execute(stmt)]

    def reply_facts(self, first: date, last: date) -> list[ReplyFacts]:
        """Every demand a bank holds whose deadline falls in [first, last] (a deadline is set
        only where the five-day rule covers the firm), with its firm's USCC, by bank and id."""
        stmt = (
            select(
                Demand.id,
                Institution.code,
                Enterprise.uscc,
                Demand.amount,
                Demand.submitted_at,
                Demand.deadline,
                Demand.replied_at,
                Demand.closed_at,
            )
            .join(Institution, Institution.id == Demand.institution_id)
            .join(Enterprise, Enterprise.id == Demand.enterprise_id)
            .where(Demand.deadline >= first, Demand.deadline <= last)
            .order_by(Institution.code, Demand.id)
        )
        return [
            ReplyFacts(i, code, uscc, amount, submitted, deadline, replied, closed)
            for i, code, uscc, amount, submitted, deadline, replied, closed in self.session.execute(
                stmt
            )
            if deadline is not None
        ]
