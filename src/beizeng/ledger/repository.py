"""Every SQL statement of ledger submissions and institution statistics."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, select, tuple_
from sqlalchemy.orm import Session

from beizeng.models.institution import Institution
from beizeng.models.ledger import CURRENT, InstitutionStat, LedgerSubmission


class LedgerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, submission: LedgerSubmission) -> None:
        self.session.add(submission)

    def current(self, institution_id: int, period: str) -> LedgerSubmission | None:
        """The current submission of one institution and period, if any."""
        return self.session.scalar(
            select(LedgerSubmission).where(
                LedgerSubmission.institution_id == institution_id,
                LedgerSubmission.period == period,
                LedgerSubmission.status == CURRENT,
            )
        )

    def history(
        self, *, institution_code: str | None = None, period: str | None = None
    ) -> Sequence[Row[LedgerSubmission, str]]:
        """Every submission, current and superseded, newest first, with the institution code."""
        stmt = (
            select(LedgerSubmission, Institution.code)
            .join(Institution, Institution.id == LedgerSubmission.institution_id)
            .order_by(
                Institution.code, LedgerSubmission.period.desc(), LedgerSubmission.created_at.desc()
            )
        )
        if institution_code:
            stmt = stmt.where(Institution.code == institution_code)
        if period:
            stmt = stmt.where(LedgerSubmission.period == period)
        return self.session.execute(stmt).all()

    def current_files(
        self, *, periods: Sequence[str] | None = None, institutions: Sequence[str] | None = None
    ) -> Sequence[Row[str, str, str, str, str]]:
        """(path, institution code, legal scope, category, period) of current submissions."""
        stmt = (
            select(
                LedgerSubmission.path,
                Institution.code,
                Institution.legal_scope,
                Institution.category,
                LedgerSubmission.period,
            )
            .join(Institution, Institution.id == LedgerSubmission.institution_id)
            .where(LedgerSubmission.status == CURRENT)
            .order_by(Institution.code, LedgerSubmission.period)
        )
        if periods is not None:
            stmt = stmt.where(LedgerSubmission.period.in_(periods))
        if institutions is not None:
            stmt = stmt.where(Institution.code.in_(institutions))
        return self.session.execute(stmt).all()

    def current_periods(self) -> list[str]:
        stmt = (
            select(LedgerSubmission.period)
            .where(LedgerSubmission.status == CURRENT)
            .distinct()
            .order_by(LedgerSubmission.period)
        )
        return list(self.session.scalars(stmt))

    # --- institution statistics ----------------------------------------------------------

    def add_stat(self, stat: InstitutionStat) -> None:
        self.session.add(stat)

    def current_stats_for(
        self, keys: Sequence[tuple[str, int, str]]
    ) -> dict[tuple[str, int, str], InstitutionStat]:
        """Current values for (period, institution id, metric) keys."""
        found: dict[tuple[str, int, str], InstitutionStat] = {}
        for start in range(0, len(keys), 500):
            batch = keys[start : start + 500]
            stmt = select(InstitutionStat).where(
                InstitutionStat.status == CURRENT,
                tuple_(
                    InstitutionStat.period, InstitutionStat.institution_id, InstitutionStat.metric
                ).in_(batch),
            )
            for stat in self.session.scalars(stmt):
                found[(stat.period, stat.institution_id, stat.metric)] = stat
        return found

    def current_stats(
        self, *, periods: Sequence[str] | None = None, metrics: Sequence[str] | None = None
    ) -> Sequence[Row[InstitutionStat, str]]:
        stmt = (
            select(InstitutionStat, Institution.code)
            .join(Institution, Institution.id == InstitutionStat.institution_id)
            .where(InstitutionStat.status == CURRENT)
            .order_by(InstitutionStat.period, Institution.code, InstitutionStat.metric)
        )
        if periods is not None:
            stmt = stmt.where(InstitutionStat.period.in_(periods))
        if metrics is not None:
            stmt = stmt.where(InstitutionStat.metric.in_(metrics))
        return self.session.execute(stmt).all()
