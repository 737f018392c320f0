"""Every SQL statement of demands, scoped by who is looking (DESIGN: who sees what).

Every query starts from :func:`readable` (access-model issue, point 1: one allow-list per
aggregate; a role it does not name sees nothing):

- pboc (city sub-branch) and gov: every demand (they follow up and assign);
- a pboc county sub-branch: the demands of its county (C-3.1.2, 双线三级);
- a bank: the demands of its institution, and open demands nobody has picked up yet; a county
  branch's user only those in its county;
- an enterprise: its own demands;
- insurers, guarantors and any other role: none (demands are answered by banks).
A demand that is not readable is "not found", so an id never reveals that it exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, false, func, or_, select, true
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.models.account import Enterprise
from beizeng.models.base import Statement
from beizeng.models.demand import Demand, DemandEvent, DemandMessage
from beizeng.models.institution import Institution


def open_to_banks() -> ColumnElement[bool]:
    """Posted to every eligible bank and not picked up yet."""
    return and_(Demand.status == "submitted", Demand.institution_id.is_(None))


def readable_clause(principal: Principal) -> ColumnElement[bool]:
    """The WHERE clause of every demand query for ``principal`` (allow-list)."""
    match principal.role:
        case "pboc" if principal.county_code is not None:
            return Demand.county_code == principal.county_code
        case "pboc" | "gov":
            return true()
        case "enterprise" if principal.enterprise_id is not None:
            return Demand.enterprise_id == principal.enterprise_id
        case "bank" if principal.institution_id is not None:
            clause: ColumnElement[bool] = or_(
                Demand.institution_id == principal.institution_id, open_to_banks()
            )
            if principal.county_code:
                clause = and_(clause, Demand.county_code == principal.county_code)
            return clause
        case _:
            return false()


def readable(statement: Statement, principal: Principal) -> Statement:
    """``statement`` limited to the demands ``principal`` may read."""
    return statement.where(readable_clause(principal))


@dataclass(frozen=True)
class DemandRow:
    demand: Demand
    enterprise_name: str
    institution_code: str | None
    institution_name: str | None


@dataclass(frozen=True)
class DemandFilter:
    status: str | None = None
    scope: str | None = None  # None | "open" (not picked up) | "mine" (the bank's own)
    overdue_on: date | None = None  # open demands whose deadline is before this day
    enterprise_id: int | None = None


class DemandRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, principal: Principal, demand_id: int) -> Demand | None:
        return self.session.scalar(
            readable(select(Demand), principal).where(Demand.id == demand_id)
        )

    def get_for_update(self, principal: Principal, demand_id: int) -> Demand | None:
        stmt = readable(select(Demand), principal).where(Demand.id == demand_id)
        if self.session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def _where(self, principal: Principal, f: DemandFilter) -> list[ColumnElement[bool]]:
        clauses = [readable_clause(principal)]
        if f.status:
            clauses.append(Demand.status == f.status)
        if f.scope == "open":
            clauses.append(open_to_banks())
        elif f.scope == "mine" and principal.institution_id is not None:
            clauses.append(Demand.institution_id == principal.institution_id)
        if f.overdue_on is not None:
            clauses += [
                Demand.status.in_(("submitted", "accepted")),
                Demand.deadline < f.overdue_on,
            ]
        if f.enterprise_id is not None:
            clauses.append(Demand.enterprise_id == f.enterprise_id)
        return clauses

    def page(
        self, principal: Principal, f: DemandFilter, *, offset: int, limit: int, count: bool = True
    ) -> tuple[list[DemandRow], int]:
        """One page of rows and the total (``count=False``: the caller knows it; -1 returned)."""
        where = self._where(principal, f)
        total = (
            (self.session.scalar(select(func.count(Demand.id)).where(*where)) or 0) if count else -1
        )
        return self._rows(where, offset=offset, limit=limit), total

    def rows(self, principal: Principal, f: DemandFilter) -> list[DemandRow]:
        """Every row ``f`` chooses, newest first (a page that sorts and pages them itself)."""
        return self._rows(self._where(principal, f))

    def _rows(
        self, where: list[ColumnElement[bool]], *, offset: int = 0, limit: int | None = None
    ) -> list[DemandRow]:
        stmt = (
            select(Demand, Enterprise.name, Institution.code, Institution.name)
            .join(Enterprise, Enterprise.id == Demand.enterprise_id)
            .outerjoin(Institution, Institution.id == Demand.institution_id)
            .where(*where)
            .order_by(Demand.submitted_at.desc(), Demand.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return [DemandRow(d, en, ic, iname) for d, en, ic, iname in self.session.execute(stmt)]

    def status_counts(self, principal: Principal) -> dict[str, int]:
        stmt = readable(select(Demand.status, func.count(Demand.id)), principal).group_by(
            Demand.status
        )
        return {status: int(n) for status, n in self.session.execute(stmt)}

    def events(self, demand_id: int) -> Sequence[DemandEvent]:
        return self.session.scalars(
            select(DemandEvent).where(DemandEvent.demand_id == demand_id).order_by(DemandEvent.id)
        ).all()

    def messages(self, demand_id: int) -> Sequence[DemandMessage]:
        return self.session.scalars(
            select(DemandMessage)
            .where(DemandMessage.demand_id == demand_id)
            .order_by(DemandMessage.id)
        ).all()

    def with_provisional_deadline(self) -> list[Demand]:
        """Demands whose deadline was counted without the year's holiday notice."""
        stmt = select(Demand).where(Demand.deadline_provisional.is_(True)).order_by(Demand.id)
        return list(self.session.scalars(stmt.with_for_update()))

    def add(self, obj: Demand | DemandEvent | DemandMessage) -> None:
        self.session.add(obj)
