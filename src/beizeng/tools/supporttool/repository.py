"""Every SQL statement of support-tool statements."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.models.tools import (
    SupportToolConfirmation,
    SupportToolLine,
    SupportToolStatement,
)
from beizeng.tools.scope import readable_institution


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

    def lines(
        self, statement_id: int, *, readable_by: Principal | None = None
    ) -> Sequence[SupportToolLine]:
        """A statement's lines; ``readable_by`` keeps those a principal reads (a bank: its own)."""
        stmt = select(SupportToolLine).where(SupportToolLine.statement_id == statement_id)
        if readable_by is not None:
            stmt = stmt.where(readable_institution(SupportToolLine.institution_code, readable_by))
        return self.session.scalars(stmt.order_by(SupportToolLine.institution_code)).all()

    def statements(self) -> Sequence[SupportToolStatement]:
        return self.session.scalars(
            select(SupportToolStatement).order_by(
                SupportToolStatement.quarter, SupportToolStatement.version
            )
        ).all()

    def confirmations(self, statement_id: int) -> dict[str, SupportToolConfirmation]:
        """The banks' confirmations of one statement version, by institution code."""
        rows = self.session.scalars(
            select(SupportToolConfirmation).where(
                SupportToolConfirmation.statement_id == statement_id
            )
        ).all()
        return {r.institution_code: r for r in rows}

    def add(self, row: object) -> None:
        self.session.add(row)
