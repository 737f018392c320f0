"""Every SQL statement of monitoring: the index of supervision notices (C-3.1.2) and the
loaded versions of the target plan (issue 13 point 4)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.models.base import Statement
from beizeng.models.institution import Institution
from beizeng.models.monitor import PlanVersion, SupervisionNotice


class NoticeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, notice: SupervisionNotice) -> None:
        self.session.add(notice)

    def latest_period_before(self, period: str) -> str | None:
        """The most recent period before ``period`` for which notices were issued."""
        return self.session.scalar(
            select(func.max(SupervisionNotice.period)).where(SupervisionNotice.period < period)
        )

    def for_period(self, period: str) -> Sequence[tuple[SupervisionNotice, str]]:
        """Notices issued for ``period`` with the institution code, newest issuance first."""
        stmt = (
            select(SupervisionNotice, Institution.code)
            .join(Institution, Institution.id == SupervisionNotice.institution_id)
            .where(SupervisionNotice.period == period)
            .order_by(SupervisionNotice.issued_at.desc(), SupervisionNotice.id.desc())
        )
        return [(notice, code) for notice, code in self.session.execute(stmt)]


def readable_plans(statement: Statement, principal: Principal) -> Statement:
    """Plan versions a principal may read: pboc and gov all of them (the city's plan, C-2),
    anyone else none (allow-list, access-model issue point 1)."""
    match principal.role:
        case "pboc" | "gov":
            return statement
        case _:
            return statement.where(PlanVersion.id.is_(None))


class PlanVersionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, version: PlanVersion) -> None:
        self.session.add(version)

    def active(self) -> PlanVersion | None:
        """The version chosen last (loading one chooses it); None: nothing loaded."""
        stmt = select(PlanVersion).order_by(
            PlanVersion.activated_at.desc(), PlanVersion.version.desc()
        )
        return self.session.scalars(stmt.limit(1)).first()

    def next_version(self) -> int:
        return int(self.session.scalar(select(func.max(PlanVersion.version))) or 0) + 1

    def by_sha(self, sha256: str) -> PlanVersion | None:
        return self.session.scalars(select(PlanVersion).where(PlanVersion.sha256 == sha256)).first()

    def by_version(self, version: int) -> PlanVersion | None:
        """A version by its number (the operator's command line)."""
        stmt = select(PlanVersion).where(PlanVersion.version == version)
        return self.session.scalars(stmt).first()

    def list_all(self) -> Sequence[PlanVersion]:
        """Every version, newest first (the operator's command line)."""
        return self.session.scalars(select(PlanVersion).order_by(PlanVersion.version.desc())).all()

    def list_for(self, principal: Principal) -> Sequence[PlanVersion]:
        """Every version the principal may read, newest first."""
        stmt = readable_plans(select(PlanVersion), principal)
        return self.session.scalars(stmt.order_by(PlanVersion.version.desc())).all()

    def get_for(self, principal: Principal, version_id: int) -> PlanVersion | None:
        stmt = readable_plans(select(PlanVersion), principal).where(PlanVersion.id == version_id)
        return self.session.scalars(stmt).first()
