"""Every SQL statement of the guarantee ledger."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.models.fiscal import (
    GuaranteeAgency,
    GuaranteeAgreement,
    GuaranteeCompensation,
    GuaranteedLoan,
    GuaranteeNetAssets,
)
from beizeng.tools.scope import readable_agency


class GuaranteeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def agency(self, code: str) -> GuaranteeAgency | None:
        return self.session.scalar(select(GuaranteeAgency).where(GuaranteeAgency.code == code))

    def agencies(self) -> Sequence[GuaranteeAgency]:
        return self.session.scalars(select(GuaranteeAgency).order_by(GuaranteeAgency.code)).all()

    def net_assets(self, agency_id: int) -> Sequence[GuaranteeNetAssets]:
        return self.session.scalars(
            select(GuaranteeNetAssets)
            .where(GuaranteeNetAssets.agency_id == agency_id)
            .order_by(GuaranteeNetAssets.as_of)
        ).all()

    def agreement_in_force(
        self, agency_id: int, institution_code: str, on: date
    ) -> GuaranteeAgreement | None:
        return self.session.scalar(
            select(GuaranteeAgreement)
            .where(
                GuaranteeAgreement.agency_id == agency_id,
                GuaranteeAgreement.institution_code == institution_code,
                GuaranteeAgreement.effective_from <= on,
                or_(
                    GuaranteeAgreement.effective_to.is_(None), GuaranteeAgreement.effective_to > on
                ),
            )
            .order_by(GuaranteeAgreement.effective_from.desc())
            .limit(1)
        )

    def agreements(
        self, *, agency_id: int | None = None, institution_code: str | None = None
    ) -> Sequence[GuaranteeAgreement]:
        stmt = select(GuaranteeAgreement).order_by(GuaranteeAgreement.id)
        if agency_id is not None:
            stmt = stmt.where(GuaranteeAgreement.agency_id == agency_id)
        if institution_code is not None:
            stmt = stmt.where(GuaranteeAgreement.institution_code == institution_code)
        return self.session.scalars(stmt).all()

    def loans(
        self, *, agency_id: int | None = None, institution_code: str | None = None
    ) -> Sequence[tuple[GuaranteedLoan, GuaranteeAgreement]]:
        stmt = (
            select(GuaranteedLoan, GuaranteeAgreement)
            .join(GuaranteeAgreement, GuaranteeAgreement.id == GuaranteedLoan.agreement_id)
            .order_by(GuaranteedLoan.id)
        )
        if agency_id is not None:
            stmt = stmt.where(GuaranteeAgreement.agency_id == agency_id)
        if institution_code is not None:
            stmt = stmt.where(GuaranteeAgreement.institution_code == institution_code)
        return [(loan, agreement) for loan, agreement in self.session.execute(stmt).all()]

    def guaranteed(self, agreement_id: int, loan_id: str) -> GuaranteedLoan | None:
        return self.session.scalar(
            select(GuaranteedLoan).where(
                GuaranteedLoan.agreement_id == agreement_id, GuaranteedLoan.loan_id == loan_id
            )
        )

    def compensation_for(self, guaranteed_loan_id: int) -> GuaranteeCompensation | None:
        return self.session.scalar(
            select(GuaranteeCompensation).where(
                GuaranteeCompensation.guaranteed_loan_id == guaranteed_loan_id
            )
        )

    def readable_agency(self, code: str, principal: Principal) -> GuaranteeAgency | None:
        """The agency with ``code`` if ``principal`` reads its book (``tools.scope``)."""
        return self.session.scalar(
            select(GuaranteeAgency).where(
                GuaranteeAgency.code == code, readable_agency(GuaranteeAgency.code, principal)
            )
        )

    def readable_agencies(self, principal: Principal) -> Sequence[GuaranteeAgency]:
        return self.session.scalars(
            select(GuaranteeAgency)
            .where(readable_agency(GuaranteeAgency.code, principal))
            .order_by(GuaranteeAgency.code)
        ).all()

    def add(self, row: object) -> None:
        self.session.add(row)
