"""Interest subsidies, risk compensation and the fund that pays them.

C-3.3.4 (科技型企业贴息, risk compensation for lenders), C-3.4.4 (农业产业贷款风险补偿金) and
C-4.3.1 (risk-compensation fund rules). A programme's formula parts are data:

* interest subsidy = principal × rate × days / day basis × subsidy share, where the rate is the
  programme's fixed rate or the loan's own rate;
* risk compensation = loss × compensation share;

each rounded once to the fen (half-up) and capped by what is left of the enterprise's and the
programme's caps. The fund moves by deposits, approvals (commitments) and payments, and an
approval that the fund's uncommitted balance cannot cover is refused: the fund never goes
negative.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from beizeng.kit.money import to_fen
from beizeng.tools.subsidy.errors import FundInsufficient, ProgrammeInvalid

KINDS = {"interest_subsidy": "贴息", "risk_compensation": "风险补偿"}
ZERO = Decimal("0.00")

RULE_KEYS = {
    "borrower_types",
    "enterprise_sizes",
    "industry_sections",
    "first_loan_only",
    "inclusive_only",
    "green_only",
    "max_credit_line",
}


@dataclass(frozen=True)
class Eligibility:
    """A programme's eligibility rules (programme data, ``subsidy_programme.rules``)."""

    borrower_types: frozenset[str] | None = None
    enterprise_sizes: frozenset[str] | None = None
    industry_sections: frozenset[str] | None = None
    first_loan_only: bool = False
    inclusive_only: bool = False
    green_only: bool = False
    max_credit_line: Decimal | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Eligibility:
        unknown = set(data) - RULE_KEYS
        if unknown:
            raise ProgrammeInvalid(
                f"资格规则中有未知项：{'、'.join(sorted(unknown))}（可用：{'、'.join(sorted(RULE_KEYS))}）。"
            )

        def group(key: str) -> frozenset[str] | None:
            value = data.get(key)
            return None if value is None else frozenset(str(v) for v in value)

        cap = data.get("max_credit_line")
        return cls(
            borrower_types=group("borrower_types"),
            enterprise_sizes=group("enterprise_sizes"),
            industry_sections=group("industry_sections"),
            first_loan_only=bool(data.get("first_loan_only", False)),
            inclusive_only=bool(data.get("inclusive_only", False)),
            green_only=bool(data.get("green_only", False)),
            max_credit_line=None if cap is None else Decimal(str(cap)),
        )


@dataclass(frozen=True)
class SubsidyLoan:
    """The facts of the ledger loan a claim rests on."""

    loan_id: str
    borrower_id: str
    borrower_name: str
    borrower_type: str
    enterprise_size: str | None
    industry_section: str | None
    credit_line: Decimal
    balance: Decimal
    interest_rate: Decimal
    first_loan: bool
    inclusive_smb: bool
    green: bool


def eligibility_reasons(rules: Eligibility, loan: SubsidyLoan) -> list[str]:
    """Every rule the loan fails, in Chinese; empty when eligible."""
    reasons: list[str] = []
    if rules.borrower_types is not None and loan.borrower_type not in rules.borrower_types:
        reasons.append(f"借款人类型「{loan.borrower_type}」不在项目支持范围内")
    if (
        rules.enterprise_sizes is not None
        and loan.borrower_type == "enterprise"
        and (loan.enterprise_size or "") not in rules.enterprise_sizes
    ):
        reasons.append(f"企业规模「{loan.enterprise_size or '未填'}」不在项目支持范围内")
    if (
        rules.industry_sections is not None
        and (loan.industry_section or "") not in rules.industry_sections
    ):
        reasons.append(f"行业门类「{loan.industry_section or '未填'}」不在项目支持范围内")
    if rules.first_loan_only and not loan.first_loan:
        reasons.append("不是首贷")
    if rules.inclusive_only and not loan.inclusive_smb:
        reasons.append("不是普惠小微贷款")
    if rules.green_only and not loan.green:
        reasons.append("不是绿色贷款")
    if rules.max_credit_line is not None and loan.credit_line > rules.max_credit_line:
        reasons.append(f"单户授信 {to_fen(loan.credit_line):,} 元超过项目上限")
    return reasons


def interest_subsidy(
    principal: Decimal, rate: Decimal, days: int, *, day_basis: int, share: Decimal
) -> Decimal:
    """principal × rate × days / day_basis × share, to the fen half-up (one rounding)."""
    return to_fen(principal * rate * Decimal(days) / Decimal(day_basis) * share)


def risk_compensation(loss: Decimal, share: Decimal) -> Decimal:
    """loss × compensation share, to the fen half-up."""
    return to_fen(loss * share)


def capped(
    amount: Decimal,
    *,
    enterprise_used: Decimal,
    cap_per_enterprise: Decimal,
    programme_used: Decimal,
    cap_programme: Decimal,
) -> Decimal:
    """The amount after the caps: never more than what is left of either cap, never negative."""
    room = min(cap_per_enterprise - enterprise_used, cap_programme - programme_used)
    return max(ZERO, min(to_fen(amount), to_fen(room)))


@dataclass(frozen=True)
class Fund:
    """A programme's fund: deposits in, payments out, approved claims committed but unpaid."""

    deposited: Decimal = ZERO
    paid: Decimal = ZERO
    committed: Decimal = ZERO

    @property
    def balance(self) -> Decimal:
        return self.deposited - self.paid

    @property
    def available(self) -> Decimal:
        return self.balance - self.committed

    def deposit(self, amount: Decimal) -> Fund:
        if amount <= 0:
            raise ProgrammeInvalid(f"注资金额必须大于零（收到 {amount}）。")
        return replace(self, deposited=self.deposited + to_fen(amount))

    def commit(self, amount: Decimal) -> Fund:
        """Approve a claim: refused when the uncommitted balance cannot cover it."""
        if to_fen(amount) > self.available:
            raise FundInsufficient(
                f"资金余额不足：可用余额 {to_fen(self.available):,} 元，"
                f"本笔 {to_fen(amount):,} 元，不能超出资金池支付。"
            )
        return replace(self, committed=self.committed + to_fen(amount))

    def pay(self, amount: Decimal) -> Fund:
        """Pay an approved claim out of its commitment."""
        amount = to_fen(amount)
        if amount > self.committed or amount > self.balance:
            raise FundInsufficient(f"付款 {amount:,} 元超过已审批未支付金额或资金余额。")
        return replace(self, paid=self.paid + amount, committed=self.committed - amount)

    def release(self, amount: Decimal) -> Fund:
        """Give back the commitment of a claim that will not be paid."""
        return replace(self, committed=self.committed - to_fen(amount))


def decider_refusal(*, role: str, department: str | None, sponsor: str) -> str | None:
    """Why a government user may not review or approve claims of a programme, or None.

    C-4.3.1 and C-3.3.4: the departments that fund a programme (its ``sponsor``, e.g.
    「吕梁市科技局、财政局」) approve its claims; a government user of another department (金融办
    for a technology subsidy) does not. The central bank's desk (pboc) is not limited here.
    """
    if role != "gov":
        return None
    if department and department in sponsor:
        return None
    return f"本项目由{sponsor}审核，{department or '未填写部门'}的用户不能审核或审批本项目的申请。"
