"""Every SQL statement of institution statistics."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, select, tuple_
from sqlalchemy.orm import Session

from beizeng.models.institution import Institution
from beizeng.models.ledger import CURRENT, InstitutionStat, StatsSubmission


class StatsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, stat: InstitutionStat) -> None:
        self.session.add(stat)

    def current_for(
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

    def current(
        self, *, periods: Sequence[str] | None = None, metrics: Sequence[str] | None = None
    ) -> Sequence[Row[InstitutionStat, str]]:
        """Current values with their institution's code, for the analytics scan."""
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

    def add_submission(self, submission: StatsSubmission) -> None:
        self.session.add(submission)

    def current_submission(self, institution_id: int, period: str) -> StatsSubmission | None:
        """The current statistics version of one institution and period, if any."""
        return self.session.scalar(
            select(StatsSubmission).where(
                StatsSubmission.institution_id == institution_id,
                StatsSubmission.period == period,
                StatsSubmission.status == CURRENT,
            )
        )

    def submissions(
        self, *, institution_code: str | None = None, period: str | None = None
    ) -> Sequence[Row[StatsSubmission, str, str]]:
        """Every statistics version, newest first, with the institution's code and name."""
        stmt = (
            select(StatsSubmission, Institution.code, Institution.name)
            .join(Institution, Institution.id == StatsSubmission.institution_id)
            .order_by(Institution.code, StatsSubmission.period.desc(), StatsSubmission.id.desc())
        )
        if institution_code:
            stmt = stmt.where(Institution.code == institution_code)
        if period:
            stmt = stmt.where(StatsSubmission.period == period)
        return self.session.execute(stmt).all()
