"""Every SQL statement of subsidy and risk-compensation programmes."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.models.fiscal import SubsidyClaim, SubsidyFundEntry, SubsidyProgramme
from beizeng.tools.scope import readable_institution

LIVE = ("filed", "entered", "approved", "paid")
"""Claim states that hold a loan and count against the caps."""


class SubsidyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def programme(self, code: str) -> SubsidyProgramme | None:
        return self.session.scalar(select(SubsidyProgramme).where(SubsidyProgramme.code == code))

    def programmes(self) -> Sequence[SubsidyProgramme]:
        return self.session.scalars(select(SubsidyProgramme).order_by(SubsidyProgramme.code)).all()

    def claim(self, claim_id: int, *, for_update: bool = False) -> SubsidyClaim | None:
        stmt = select(SubsidyClaim).where(SubsidyClaim.id == claim_id)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def claims(
        self,
        *,
        programme_id: int | None = None,
        institution_code: str | None = None,
        readable_by: Principal | None = None,
    ) -> Sequence[SubsidyClaim]:
        """Claims of a programme and bank; ``readable_by`` keeps those a principal reads."""
        stmt = select(SubsidyClaim).order_by(SubsidyClaim.id)
        if readable_by is not None:
            stmt = stmt.where(readable_institution(SubsidyClaim.institution_code, readable_by))
        if programme_id is not None:
            stmt = stmt.where(SubsidyClaim.programme_id == programme_id)
        if institution_code is not None:
            stmt = stmt.where(SubsidyClaim.institution_code == institution_code)
        return self.session.scalars(stmt).all()

    def live_claim_for_loan(
        self, programme_id: int, institution_code: str, loan_id: str
    ) -> SubsidyClaim | None:
        return self.session.scalar(
            select(SubsidyClaim).where(
                SubsidyClaim.programme_id == programme_id,
                SubsidyClaim.institution_code == institution_code,
                SubsidyClaim.loan_id == loan_id,
                SubsidyClaim.status.in_(LIVE),
            )
        )

    def claimed_total(self, programme_id: int, *, borrower_id: str | None = None) -> Decimal:
        stmt = select(func.coalesce(func.sum(SubsidyClaim.amount), 0)).where(
            SubsidyClaim.programme_id == programme_id, SubsidyClaim.status.in_(LIVE)
        )
        if borrower_id is not None:
            stmt = stmt.where(SubsidyClaim.borrower_id == borrower_id)
        return Decimal(self.session.scalar(stmt) or 0)

    def approved_unpaid(self, programme_id: int) -> Decimal:
        stmt = select(func.coalesce(func.sum(SubsidyClaim.amount), 0)).where(
            SubsidyClaim.programme_id == programme_id, SubsidyClaim.status == "approved"
        )
        return Decimal(self.session.scalar(stmt) or 0)

    def fund_totals(self, programme_id: int) -> dict[str, Decimal]:
        rows = self.session.execute(
            select(SubsidyFundEntry.kind, func.sum(SubsidyFundEntry.amount))
            .where(SubsidyFundEntry.programme_id == programme_id)
            .group_by(SubsidyFundEntry.kind)
        ).all()
        return {kind: Decimal(total or 0) for kind, total in rows}

    def lock_programme(self, programme_id: int) -> None:
        """Serialise fund movements of one programme (PostgreSQL row lock; no-op on SQLite)."""
        self.session.execute(
            select(SubsidyProgramme.id).where(SubsidyProgramme.id == programme_id).with_for_update()
        )

    def add(self, row: object) -> None:
        self.session.add(row)
