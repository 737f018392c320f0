"""The guarantor's own book in the web and the API (C-3.4.4, C-4.2.1, C-4.2.2; issue 13 point 2):
net assets, guaranteed loans linked to a bank's ledger loans, fees, compensations and
recoveries, and the leverage multiple by month end — on the guarantor's page and pboc's.

A guarantor acts for the agency registered under its institution code; pboc and gov read every
agency (``tools.scope.readable_agency``). Recording is ``guarantee.record``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize, may
from beizeng.access.principal import Principal
from beizeng.kit.periods import Period
from beizeng.models.fiscal import (
    GuaranteeAgency,
    GuaranteeAgreement,
    GuaranteeCompensation,
    GuaranteedLoan,
    GuaranteeNetAssets,
)
from beizeng.tools import loans
from beizeng.tools.guarantee import rules, service
from beizeng.tools.guarantee.errors import AgencyNotFound, GuaranteedLoanNotFound, GuaranteeInvalid
from beizeng.tools.guarantee.repository import GuaranteeRepository

LOAN_STATUS = {"in_force": "在保", "released": "已解除", "compensated": "已代偿"}
MONTHS = 12
"""The leverage chart covers this many month ends up to the page's day."""


@dataclass(frozen=True)
class GuaranteedRow:
    loan: GuaranteedLoan
    agreement: GuaranteeAgreement
    compensation: GuaranteeCompensation | None


@dataclass(frozen=True)
class AgencyBook:
    agency: GuaranteeAgency
    net_assets: list[GuaranteeNetAssets]
    agreements: list[GuaranteeAgreement]
    rows: list[GuaranteedRow]
    leverage: list[rules.LeveragePoint]

    @property
    def fees(self) -> Decimal:
        return sum((r.loan.fee for r in self.rows), Decimal("0.00"))

    @property
    def fee_subsidies(self) -> Decimal:
        return sum((r.loan.fee_subsidy for r in self.rows), Decimal("0.00"))

    @property
    def compensated(self) -> Decimal:
        return sum((r.compensation.agency_part for r in self.rows if r.compensation), Decimal(0))

    @property
    def recovered(self) -> Decimal:
        return sum((r.compensation.recovered for r in self.rows if r.compensation), Decimal(0))

    @property
    def latest(self) -> rules.LeveragePoint | None:
        return self.leverage[-1] if self.leverage else None


def month_ends(on: date, months: int = MONTHS) -> list[date]:
    """The last ``months`` month ends up to ``on`` (the month of ``on`` counts at ``on``)."""
    current = Period.of(on)
    return [current.shift(-k).end for k in range(months - 1, 0, -1)] + [on]


def readable_agencies(session: Session, *, principal: Principal) -> list[GuaranteeAgency]:
    """The agencies ``principal`` reads: a guarantor its own, pboc and gov every one."""
    authorize(principal, "tools.read")
    return list(GuaranteeRepository(session).readable_agencies(principal))


def own_agency_code(session: Session, *, principal: Principal) -> str | None:
    """The agency a guarantor records for (its own), or None for a reader of every agency."""
    authorize(principal, "tools.read")
    if not may(principal, "guarantee.record"):
        return None
    repo = GuaranteeRepository(session)
    agency = repo.readable_agency(principal.institution_code or "", principal)
    return agency.code if agency else None


def agency_book(session: Session, *, principal: Principal, code: str, on: date) -> AgencyBook:
    """One agency's book as ``principal`` reads it, with its leverage over the last months;
    another guarantor's agency is not found, as if it did not exist."""
    authorize(principal, "tools.read")
    repo = GuaranteeRepository(session)
    agency = repo.readable_agency(code, principal)
    if agency is None:
        raise AgencyNotFound(code)
    rows = [
        GuaranteedRow(loan, agreement, repo.compensation_for(loan.id))
        for loan, agreement in repo.loans(agency_id=agency.id)
    ]
    return AgencyBook(
        agency,
        list(repo.net_assets(agency.id)),
        list(repo.agreements(agency_id=agency.id)),
        rows,
        service.leverage_series(session, agency_code=agency.code, dates=month_ends(on)),
    )


def _own(session: Session, principal: Principal) -> GuaranteeAgency:
    authorize(principal, "guarantee.record")
    code = principal.institution_code or ""
    agency = GuaranteeRepository(session).readable_agency(code, principal)
    if agency is None:
        raise AgencyNotFound(code or "（本机构）")
    return agency


def record_net_assets(
    session: Session, *, principal: Principal, as_of: date, net_assets: Decimal
) -> GuaranteeNetAssets:
    """The guarantor reports its net assets as of a date (the leverage divisor)."""
    agency = _own(session, principal)
    return service.report_net_assets(
        session, agency_code=agency.code, as_of=as_of, net_assets=net_assets
    )


def record_loan(
    session: Session,
    *,
    principal: Principal,
    institution_code: str,
    loan_id: str,
    start: date,
    end: date,
    amount: Decimal | None = None,
) -> GuaranteedLoan:
    """The guarantor records a loan it guarantees: a loan of the bank's current ledger, under
    their 总对总 agreement in force on ``start``; the fee and its subsidy follow the agreement."""
    agency = _own(session, principal)
    if end <= start:
        raise GuaranteeInvalid(f"担保到期日 {end} 须晚于起始日 {start}。")
    period = loans.latest_period(session, institution_code=institution_code)
    if period is None:
        raise GuaranteeInvalid(f"机构 {institution_code} 尚无已接收的贷款台账，不能登记其贷款。")
    return service.guarantee_loan(
        session,
        agency_code=agency.code,
        institution_code=institution_code,
        period=period,
        loan_id=loan_id,
        start=start,
        end=end,
        amount=amount,
    )


def _own_loan(session: Session, principal: Principal, guaranteed_loan_id: int) -> GuaranteedLoan:
    agency = _own(session, principal)
    for loan, _ in GuaranteeRepository(session).loans(agency_id=agency.id):
        if loan.id == guaranteed_loan_id:
            return loan
    raise GuaranteedLoanNotFound(str(guaranteed_loan_id))


def record_compensation(
    session: Session, *, principal: Principal, guaranteed_loan_id: int, loss: Decimal, paid_on: date
) -> GuaranteeCompensation:
    """The guarantor pays its share of a defaulted loan's loss (代偿), split as agreed."""
    loan = _own_loan(session, principal, guaranteed_loan_id)
    return service.compensate(session, guaranteed_loan_id=loan.id, loss=loss, paid_on=paid_on)


def record_recovery(
    session: Session, *, principal: Principal, guaranteed_loan_id: int, amount: Decimal
) -> GuaranteeCompensation:
    """The guarantor books a recovery (追偿) on a compensated loan of its own."""
    loan = _own_loan(session, principal, guaranteed_loan_id)
    comp = GuaranteeRepository(session).compensation_for(loan.id)
    if comp is None:
        raise GuaranteeInvalid(f"担保贷款 {loan.loan_id} 尚未代偿，不能登记追偿。")
    return service.recover(session, compensation_id=comp.id, amount=amount)
