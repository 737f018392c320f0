"""Every SQL statement of ledger submissions."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session, aliased

from beizeng.models.institution import Institution
from beizeng.models.ledger import CURRENT, LedgerSubmission


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
    ) -> Sequence[Row[str, str, str, str, str, str, int]]:
        """(path, institution code, legal scope, category, period, submission id, version) of
        current submissions; the version counts the institution's submissions for that period
        up to this one (1: the first, 2: its first resubmission …), so a traced figure names the
        stored file it came from (issue 14 point 3)."""
        earlier = aliased(LedgerSubmission)
        version = (
            select(func.count(earlier.id))
            .where(
                earlier.institution_id == LedgerSubmission.institution_id,
                earlier.period == LedgerSubmission.period,
                earlier.created_at <= LedgerSubmission.created_at,
            )
            .correlate(LedgerSubmission)
            .scalar_subquery()
        )
        stmt = (
            select(
                LedgerSubmission.path,
                Institution.code,
                Institution.legal_scope,
                Institution.category,
                LedgerSubmission.period,
                LedgerSubmission.id,
                version.label("version"),
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
