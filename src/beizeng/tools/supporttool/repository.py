"""Every SQL statement of support-tool statements."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng.models.tools import SupportToolLine, SupportToolStatement


class SupportToolRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def latest(self, quarter: str) -> SupportToolStatement | None:
        return self.session.scalar(
            select(SupportToolStatement)
            .where(SupportToolStatement.quarter == quarter)
            .order_by(SupportToolStatement.version.desc())
            .limit(1)
        )

    def lines(self, statement_id: int) -> Sequence[SupportToolLine]:
        return self.session.scalars(
            select(SupportToolLine)
            .where(SupportToolLine.statement_id == statement_id)
            .order_by(SupportToolLine.institution_code)
        ).all()

    def statements(self) -> Sequence[SupportToolStatement]:
        return self.session.scalars(
            select(SupportToolStatement).order_by(
                SupportToolStatement.quarter, SupportToolStatement.version
            )
        ).all()

    def add(self, row: object) -> None:
        self.session.add(row)
