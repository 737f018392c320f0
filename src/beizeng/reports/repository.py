"""The reports' reads of the supervision-notice index: which institutions a period's notices
already went to, and how the last notices were followed (C-3.1.1, C-4.5.3: the next bulletin
reports the tracking data). The notices themselves are recorded by ``monitor.service``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.models.institution import Institution
from beizeng.models.monitor import RectificationMeasure, SupervisionNotice


class NoticeIndexRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def noticed_codes(self, period: str) -> set[str]:
        """Codes of the institutions already sent a notice for ``period``."""
        stmt = (
            select(Institution.code)
            .join(SupervisionNotice, SupervisionNotice.institution_id == Institution.id)
            .where(SupervisionNotice.period == period)
        )
        return set(self.session.scalars(stmt))

    def latest_period_before(self, period: str) -> str | None:
        return self.session.scalar(
            select(func.max(SupervisionNotice.period)).where(SupervisionNotice.period < period)
        )

    def follow_up(self, period: str) -> Sequence[tuple[SupervisionNotice, str, datetime | None]]:
        """The notices of ``period`` with the institution's name and the first filing's time,
        one per institution (its newest notice), in institution-name order."""
        first_filed = (
            select(
                RectificationMeasure.notice_id,
                func.min(RectificationMeasure.filed_at).label("filed_at"),
            )
            .group_by(RectificationMeasure.notice_id)
            .subquery()
        )
        stmt = (
            select(SupervisionNotice, Institution.name, first_filed.c.filed_at)
            .join(Institution, Institution.id == SupervisionNotice.institution_id)
            .outerjoin(first_filed, first_filed.c.notice_id == SupervisionNotice.id)
            .where(SupervisionNotice.period == period)
            .order_by(
                Institution.name, SupervisionNotice.issued_at.desc(), SupervisionNotice.id.desc()
            )
        )
        seen: set[int] = set()
        rows: list[tuple[SupervisionNotice, str, datetime | None]] = []
        for notice, name, filed_at in self.session.execute(stmt):
            if notice.institution_id not in seen:
                seen.add(notice.institution_id)
                rows.append((notice, name, filed_at))
        return rows
