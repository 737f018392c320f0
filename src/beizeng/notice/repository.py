"""Every SQL statement of the notices' follow-up: the notices a principal may see, their
measures and attachments, and the open notices the reminder sweep reads.

Row visibility (docs/access.md): every query of a notice starts from :func:`readable`. A city
pboc user and gov see every notice; a county sub-branch user the notices of the institutions
registered in its county (``institution.county_code``: notices are per institution of the
registry, so a county sees its county's institutions'); an institution user the notices to its
institution and the letters to it as the superior management bank; anyone else nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.models.base import Statement
from beizeng.models.institution import Institution
from beizeng.models.monitor import (
    RectificationAttachment,
    RectificationMeasure,
    SupervisionNotice,
)

Row = tuple[SupervisionNotice, Institution, datetime | None]


def readable(statement: Statement, principal: Principal) -> Statement:
    """``statement`` (over notices joined to their institution) limited to what ``principal``
    may see."""
    match principal.role:
        case "pboc" if principal.supervised_county is not None:
            return statement.where(Institution.county_code == principal.supervised_county)
        case "pboc" | "gov":
            return statement
        case "bank" | "insurer" | "guarantor" if principal.institution_id is not None:
            mine = SupervisionNotice.institution_id == principal.institution_id
            if principal.institution_name:
                letter = and_(
                    SupervisionNotice.superior.is_not(None),
                    SupervisionNotice.superior == principal.institution_name,
                )
                return statement.where(or_(mine, letter))
            return statement.where(mine)
        case _:
            return statement.where(false())


class NoticeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _rows(self) -> Select[SupervisionNotice, Institution, datetime | None]:
        first = (
            select(
                RectificationMeasure.notice_id,
                func.min(RectificationMeasure.filed_at).label("filed_at"),
            )
            .group_by(RectificationMeasure.notice_id)
            .subquery()
        )
        return (
            select(SupervisionNotice, Institution, first.c.filed_at)
            .join(Institution, Institution.id == SupervisionNotice.institution_id)
            .outerjoin(first, first.c.notice_id == SupervisionNotice.id)
        )

    def list_for(self, principal: Principal, *, period: str | None = None) -> list[Row]:
        """The notices ``principal`` may see (of ``period``), newest period first, then by
        institution code."""
        stmt = readable(self._rows(), principal)
        if period is not None:
            stmt = stmt.where(SupervisionNotice.period == period)
        stmt = stmt.order_by(
            SupervisionNotice.period.desc(), Institution.code, SupervisionNotice.id
        )
        return [(n, i, f) for n, i, f in self.session.execute(stmt)]

    def get_for(self, principal: Principal, notice_id: int) -> Row | None:
        stmt = readable(self._rows(), principal).where(SupervisionNotice.id == notice_id)
        found = self.session.execute(stmt).first()
        return None if found is None else (found[0], found[1], found[2])

    def periods_for(self, principal: Principal) -> list[str]:
        stmt = readable(
            select(SupervisionNotice.period)
            .join(Institution, Institution.id == SupervisionNotice.institution_id)
            .distinct(),
            principal,
        ).order_by(SupervisionNotice.period.desc())
        return list(self.session.scalars(stmt))

    def measures(self, notice_id: int) -> Sequence[RectificationMeasure]:
        stmt = (
            select(RectificationMeasure)
            .where(RectificationMeasure.notice_id == notice_id)
            .order_by(RectificationMeasure.filed_at, RectificationMeasure.id)
        )
        return self.session.scalars(stmt).all()

    def attachments(self, measure_ids: Sequence[int]) -> Sequence[RectificationAttachment]:
        if not measure_ids:
            return []
        stmt = (
            select(RectificationAttachment)
            .where(RectificationAttachment.measure_id.in_(measure_ids))
            .order_by(RectificationAttachment.id)
        )
        return self.session.scalars(stmt).all()

    def attachment_for(
        self, principal: Principal, attachment_id: int
    ) -> tuple[RectificationAttachment, SupervisionNotice] | None:
        stmt = readable(
            select(RectificationAttachment, SupervisionNotice)
            .join(
                RectificationMeasure,
                RectificationMeasure.id == RectificationAttachment.measure_id,
            )
            .join(SupervisionNotice, SupervisionNotice.id == RectificationMeasure.notice_id)
            .join(Institution, Institution.id == SupervisionNotice.institution_id),
            principal,
        ).where(RectificationAttachment.id == attachment_id)
        found = self.session.execute(stmt).first()
        return None if found is None else (found[0], found[1])

    def add(self, row: RectificationMeasure | RectificationAttachment) -> None:
        self.session.add(row)
        self.session.flush()

    def open_with_deadline(self) -> list[Row]:
        """The reminder sweep's read (the system's, on a timer, for no principal): notices with a
        deadline and no measures filed yet."""
        stmt = (
            self._rows()
            .where(SupervisionNotice.deadline.is_not(None))
            .order_by(SupervisionNotice.id)
        )
        return [(n, i, f) for n, i, f in self.session.execute(stmt) if f is None]
