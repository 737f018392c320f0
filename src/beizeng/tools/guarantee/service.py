"""Use cases of the guarantee ledger (C-3.4.4, C-4.2.1, C-4.2.2): agencies and net assets, 总对总
agreements, guaranteed ledger loans with fees and fee subsidies, compensation and recoveries,
and the leverage multiple over time with an alert above the cap."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from beizeng.institution.service import require_institution
from beizeng.kit.approval import current_actor
from beizeng.kit.money import to_fen
from beizeng.kit.periods import Period
from beizeng.models.fiscal import (
    GuaranteeAgency,
    GuaranteeAgreement,
    GuaranteeCompensation,
    GuaranteedLoan,
    GuaranteeNetAssets,
)
from beizeng.tools import loans
from beizeng.tools.guarantee import rules
from beizeng.tools.guarantee.errors import (
    AgencyNotFound,
    AgreementNotFound,
    GuaranteeConflict,
    GuaranteedLoanNotFound,
    GuaranteeInvalid,
)
from beizeng.tools.guarantee.repository import GuaranteeRepository
from beizeng.tools.parameter.service import parameter_book

TOOL = "guarantee"


def _agency(repo: GuaranteeRepository, code: str) -> GuaranteeAgency:
    row = repo.agency(code)
    if row is None:
        raise AgencyNotFound(code)
    return row


def find_agency(session: Session, code: str) -> GuaranteeAgency | None:
    """The registered guarantee agency with ``code``, or None."""
    return GuaranteeRepository(session).agency(code)


def add_agency(
    session: Session, *, code: str, name: str, county_code: str, tier: str = "city"
) -> GuaranteeAgency:
    repo = GuaranteeRepository(session)
    if repo.agency(code) is not None:
        raise GuaranteeConflict(f"担保机构「{code}」已登记。")
    row = GuaranteeAgency(code=code, name=name, county_code=county_code, tier=tier)
    repo.add(row)
    session.flush()
    return row


def report_net_assets(
    session: Session, *, agency_code: str, as_of: date, net_assets: Decimal
) -> GuaranteeNetAssets:
    """Record the agency's net assets as of a date (the leverage divisor)."""
    if net_assets <= 0:
        raise GuaranteeInvalid(f"净资产须大于零（收到 {net_assets}）。")
    repo = GuaranteeRepository(session)
    agency = _agency(repo, agency_code)
    row = GuaranteeNetAssets(agency_id=agency.id, as_of=as_of, net_assets=to_fen(net_assets))
    repo.add(row)
    session.flush()
    return row


def add_agreement(
    session: Session,
    *,
    agency_code: str,
    institution_code: str,
    bank_share: Decimal,
    fee_rate: Decimal,
    fee_subsidy_rate: Decimal,
    effective_from: date,
    effective_to: date | None = None,
) -> GuaranteeAgreement:
    """A 总对总 batch agreement between an agency and a bank: risk shares, fee, fee subsidy."""
    book = parameter_book(session)
    rules.check_shares(
        bank_share, min_bank_share=book.decimal(TOOL, "min_bank_share", effective_from)
    )
    rules.check_fee_rate(fee_rate, cap=book.decimal(TOOL, "fee_rate_cap", effective_from))
    if not Decimal(0) <= fee_subsidy_rate <= Decimal(1):
        raise GuaranteeInvalid(f"担保费补贴比例 {fee_subsidy_rate} 须在 0 与 1 之间。")
    repo = GuaranteeRepository(session)
    agency = _agency(repo, agency_code)
    bank = require_institution(session, institution_code)
    row = GuaranteeAgreement(
        agency_id=agency.id,
        institution_code=bank.code,
        bank_share=bank_share,
        fee_rate=fee_rate,
        fee_subsidy_rate=fee_subsidy_rate,
        effective_from=effective_from,
        effective_to=effective_to,
    )
    repo.add(row)
    session.flush()
    return row


def guarantee_loan(
    session: Session,
    *,
    agency_code: str,
    institution_code: str,
    period: Period,
    loan_id: str,
    start: date,
    end: date,
    amount: Decimal | None = None,
) -> GuaranteedLoan:
    """Guarantee a loan of the bank's ledger under the agreement in force on ``start``; the fee
    and its fiscal subsidy follow the agreement. A loan is guaranteed once per agreement."""
    repo = GuaranteeRepository(session)
    agency = _agency(repo, agency_code)
    agreement = repo.agreement_in_force(agency.id, institution_code, start)
    if agreement is None:
        raise AgreementNotFound(
            f"{agency.name}与 {institution_code} 在 {start} 没有生效的总对总合作协议。"
        )
    found = loans.loans_by_id(
        session, institution_code=institution_code, period=period, loan_ids=[loan_id]
    )
    if loan_id not in found:
        raise GuaranteeInvalid(f"贷款 {loan_id} 不在 {institution_code} {period} 的现行台账中。")
    if repo.guaranteed(agreement.id, loan_id) is not None:
        raise GuaranteeConflict(f"贷款 {loan_id} 已由{agency.name}担保，不能重复登记。")
    row_data = found[loan_id]
    covered = to_fen(Decimal(row_data["balance"]) if amount is None else amount)
    day_basis = int(parameter_book(session).get(TOOL, "fee_day_basis", start))
    fee = rules.fee(covered, agreement.fee_rate, start, end, day_basis=day_basis)
    row = GuaranteedLoan(
        agreement_id=agreement.id,
        loan_id=loan_id,
        borrower_id=row_data["borrower_id"],
        borrower_name=row_data["borrower_name"],
        amount=covered,
        start_date=start,
        end_date=end,
        fee=fee,
        fee_subsidy=rules.fee_subsidy(fee, agreement.fee_subsidy_rate),
    )
    repo.add(row)
    session.flush()
    return row


def release(session: Session, *, guaranteed_loan_id: int, on: date) -> GuaranteedLoan:
    """The loan was repaid: the guarantee is released and leaves the balance in force."""
    row = session.get(GuaranteedLoan, guaranteed_loan_id)
    if row is None:
        raise GuaranteedLoanNotFound(str(guaranteed_loan_id))
    if row.status != "in_force":
        raise GuaranteeConflict(f"担保贷款 {guaranteed_loan_id} 已解除或已代偿。")
    row.released_on, row.status = on, "released"
    session.flush()
    return row


def compensate(
    session: Session, *, guaranteed_loan_id: int, loss: Decimal, paid_on: date
) -> GuaranteeCompensation:
    """Pay the agency's share of a defaulted loan's loss (代偿), split as the agreement says."""
    repo = GuaranteeRepository(session)
    row = session.get(GuaranteedLoan, guaranteed_loan_id)
    if row is None:
        raise GuaranteedLoanNotFound(str(guaranteed_loan_id))
    if repo.compensation_for(row.id) is not None or row.status == "compensated":
        raise GuaranteeConflict(f"担保贷款 {guaranteed_loan_id} 已代偿，不能重复代偿。")
    if loss <= 0 or to_fen(loss) > row.amount:
        raise GuaranteeInvalid(f"损失金额须大于零且不超过担保金额 {row.amount:,} 元。")
    agreement = session.get(GuaranteeAgreement, row.agreement_id)
    assert agreement is not None
    agency_part, bank_part = rules.split_loss(loss, agreement.bank_share)
    comp = GuaranteeCompensation(
        guaranteed_loan_id=row.id,
        paid_on=paid_on,
        loss=to_fen(loss),
        agency_part=agency_part,
        bank_part=bank_part,
        entered_by=current_actor(session),
    )
    row.status, row.released_on = "compensated", paid_on
    repo.add(comp)
    session.flush()
    return comp


def recover(session: Session, *, compensation_id: int, amount: Decimal) -> GuaranteeCompensation:
    """Book a recovery after compensation; the agency keeps its proportional part."""
    comp = session.get(GuaranteeCompensation, compensation_id)
    if comp is None:
        raise GuaranteedLoanNotFound(f"代偿记录 {compensation_id}")
    part = rules.agency_recovery(amount, loss=comp.loss, agency_part=comp.agency_part)
    if amount <= 0 or comp.recovered + part > comp.agency_part:
        raise GuaranteeConflict(
            f"追偿金额须大于零，且担保机构累计追回不超过其代偿金额 {comp.agency_part:,} 元。"
        )
    comp.recovered = to_fen(comp.recovered + part)
    session.flush()
    return comp


def leverage_series(
    session: Session, *, agency_code: str, dates: Sequence[date]
) -> list[rules.LeveragePoint]:
    """The leverage multiple of an agency at each date, with the cap in force then."""
    repo = GuaranteeRepository(session)
    agency = _agency(repo, agency_code)
    book = parameter_book(session)
    covers = [
        rules.Cover(loan.amount, loan.start_date, loan.end_date, loan.released_on)
        for loan, _ in repo.loans(agency_id=agency.id)
    ]
    reports = [(r.as_of, r.net_assets) for r in repo.net_assets(agency.id)]
    points = []
    for day in dates:
        balance = rules.balance_in_force(covers, day)
        net = rules.net_assets_on(reports, day)
        points.append(
            rules.LeveragePoint(
                on=day,
                balance=balance,
                net_assets=net,
                leverage=None if net is None else rules.leverage(balance, net),
                cap=book.decimal(TOOL, "leverage_cap", day, agency.code),
            )
        )
    return points


@dataclass(frozen=True)
class LeverageAlert:
    agency_code: str
    agency_name: str
    point: rules.LeveragePoint

    @property
    def message(self) -> str:
        return (
            f"{self.agency_name}在 {self.point.on} 的放大倍数为 {self.point.leverage:.2f} 倍，"
            f"超过上限 {self.point.cap:.0f} 倍，请督促其补充资本或控制新增担保。"
        )


def leverage_alerts(session: Session, *, on: date) -> list[LeverageAlert]:
    """Agencies whose leverage on ``on`` is above their cap."""
    out = []
    for agency in GuaranteeRepository(session).agencies():
        (point,) = leverage_series(session, agency_code=agency.code, dates=[on])
        if point.over_cap:
            out.append(LeverageAlert(agency.code, agency.name, point))
    return out


def list_agencies(session: Session) -> list[GuaranteeAgency]:
    return list(GuaranteeRepository(session).agencies())


def guaranteed_loans(
    session: Session, *, agency_code: str | None = None, institution_code: str | None = None
) -> list[tuple[GuaranteedLoan, GuaranteeAgreement]]:
    """Guaranteed loans, scoped to an agency and/or to a bank's own loans."""
    repo = GuaranteeRepository(session)
    agency_id = _agency(repo, agency_code).id if agency_code else None
    return list(repo.loans(agency_id=agency_id, institution_code=institution_code))
