"""Every SQL statement of rediscount bills (CONVENTIONS: SQL lives in the repository)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.models.tools import RediscountBill
from beizeng.tools.scope import readable_institution


class RediscountRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_all(self, bills: Sequence[RediscountBill]) -> None:
        self.session.add_all(bills)

    def known_numbers(self, bill_nos: Sequence[str]) -> set[str]:
        """The bill numbers among ``bill_nos`` already registered (a bill is queued once)."""
        return set(
            self.session.scalars(
                select(RediscountBill.bill_no).where(RediscountBill.bill_no.in_(list(bill_nos)))
            )
        )

    def pending(self, institution_code: str, *, applied_by: date) -> list[RediscountBill]:
        """The bank's queue on a day, locked: two checkers cannot serve the same bill."""
        return list(
            self.session.scalars(
                select(RediscountBill)
                .where(
                    RediscountBill.institution_code == institution_code,
                    RediscountBill.status == "pending",
                    RediscountBill.applied_on <= applied_by,
                )
                .order_by(RediscountBill.id)
                .with_for_update()
            )
        )

    def outstanding(self, institution_code: str | None, on: date) -> list[RediscountBill]:
        """Discounted bills not yet matured on ``on`` (of one bank, or of all)."""
        stmt = select(RediscountBill).where(
            RediscountBill.status == "discounted",
            RediscountBill.discount_date <= on,
            RediscountBill.maturity_date > on,
        )
        if institution_code is not None:
            stmt = stmt.where(RediscountBill.institution_code == institution_code)
        return list(self.session.scalars(stmt))

    def bills(
        self, *, institution_code: str | None = None, readable_by: Principal | None = None
    ) -> list[RediscountBill]:
        """Bills, of one bank or all; ``readable_by`` keeps those a principal reads."""
        stmt = select(RediscountBill).order_by(RediscountBill.id)
        if readable_by is not None:
            stmt = stmt.where(readable_institution(RediscountBill.institution_code, readable_by))
        if institution_code is not None:
            stmt = stmt.where(RediscountBill.institution_code == institution_code)
        return list(self.session.scalars(stmt))
