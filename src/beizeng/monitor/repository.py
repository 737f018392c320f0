"""Every SQL statement of monitoring: the index of supervision notices (C-3.1.2)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.models.institution import Institution
from beizeng.models.monitor import SupervisionNotice


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
