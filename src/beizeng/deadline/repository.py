"""Every SQL statement of the deadline sweep: demands by their reply deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
