"""Every SQL statement of relending batches, items and repayments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.models.tools import RelendingBatch, RelendingItem, RelendingRepayment
from beizeng.tools.scope import readable_institution

HOLDING = ("submitted", "pending", "approved")
"""Batch states whose eligible loans are taken (a loan cannot be claimed again)."""


class RelendingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def batch(self, batch_id: int, *, for_update: bool = False) -> RelendingBatch | None:
        stmt = select(RelendingBatch).where(RelendingBatch.id == batch_id)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def readable_batch(self, batch_id: int, principal: Principal) -> RelendingBatch | None:
        """One batch if ``principal`` may read it (``tools.scope``)."""
        return self.session.scalar(
            select(RelendingBatch).where(
                RelendingBatch.id == batch_id,
                readable_institution(RelendingBatch.institution_code, principal),
            )
        )

    def batches(
        self,
        *,
        institution_code: str | None = None,
        programme: str | None = None,
        status: str | None = None,
        readable_by: Principal | None = None,
    ) -> Sequence[RelendingBatch]:
        """Batches by bank, programme and state; ``readable_by`` keeps those a principal reads
        (None: every batch, for the server's own computations and its operator)."""
        stmt = select(RelendingBatch).order_by(RelendingBatch.id)
        if readable_by is not None:
            stmt = stmt.where(readable_institution(RelendingBatch.institution_code, readable_by))
        if institution_code is not None:
            stmt = stmt.where(RelendingBatch.institution_code == institution_code)
        if programme is not None:
            stmt = stmt.where(RelendingBatch.programme == programme)
        if status is not None:
            stmt = stmt.where(RelendingBatch.status == status)
        return self.session.scalars(stmt).all()

    def items(self, batch_id: int) -> Sequence[RelendingItem]:
        return self.session.scalars(
            select(RelendingItem)
            .where(RelendingItem.batch_id == batch_id)
            .order_by(RelendingItem.id)
        ).all()

    def claimed(self, institution_code: str, loan_ids: Sequence[str]) -> dict[str, RelendingBatch]:
        """Loans of the bank already held by an eligible item of a pending or approved batch."""
        rows = self.session.execute(
            select(RelendingItem.loan_id, RelendingBatch)
            .join(RelendingBatch, RelendingBatch.id == RelendingItem.batch_id)
            .where(
                RelendingBatch.institution_code == institution_code,
                RelendingBatch.status.in_(HOLDING),
                RelendingItem.eligible.is_(True),
                RelendingItem.loan_id.in_(list(loan_ids)),
            )
        ).all()
        return {loan_id: batch for loan_id, batch in rows}

    def repaid(self, batch_id: int, *, until: date | None = None) -> Decimal:
        stmt = select(func.coalesce(func.sum(RelendingRepayment.amount), 0)).where(
            RelendingRepayment.batch_id == batch_id
        )
        if until is not None:
            stmt = stmt.where(RelendingRepayment.repaid_on <= until)
        return Decimal(self.session.scalar(stmt) or 0)

    def repayments(self, batch_id: int) -> Sequence[RelendingRepayment]:
        return self.session.scalars(
            select(RelendingRepayment)
            .where(RelendingRepayment.batch_id == batch_id)
            .order_by(RelendingRepayment.repaid_on, RelendingRepayment.id)
        ).all()

    def lock_bank(self, institution_code: str, programme: str) -> None:
        """Serialise quota use of one bank and programme (row locks on PostgreSQL)."""
        self.session.execute(
            select(RelendingBatch.id)
            .where(
                RelendingBatch.institution_code == institution_code,
                RelendingBatch.programme == programme,
            )
            .with_for_update()
        ).all()

    def add(self, row: object) -> None:
        self.session.add(row)
