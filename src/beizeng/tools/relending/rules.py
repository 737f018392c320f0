"""Relending programmes and the check of each loan of a batch (先贷后借).

C-3.2.2 (支农/支小再贷款) and C-3.2.4 (碳减排支持工具, 煤炭清洁高效利用专项再贷款). A programme is
resolved from the parameter book for a date, so every rate, share, cap and eligibility list is
data (reference/facts.md): relending 3m 1.70%, 6m 1.90%, 1y 2.00% from 2021-12-07; carbon 60% of
principal at 1.75% for a year, rollable twice; coal 100% at 1.75%.

Two kinds of failure: an *integrity* problem (loan not in the ledger or with another balance,
loan claimed twice, loan rate above the cap) refuses the whole batch; an *eligibility* failure
(borrower kind or size, inclusive flag, credit-line cap, term, project category, disclosure) only
excludes the loan, which is listed with its reasons.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from beizeng.errors import Problem
from beizeng.kit.money import to_fen
from beizeng.tools.parameter.rules import ParameterBook
from beizeng.tools.relending.errors import TermInvalid

PROGRAMMES: dict[str, str] = {
    "relending_agri": "支农再贷款",
    "relending_smb": "支小再贷款",
    "carbon": "碳减排支持工具",
    "coal": "煤炭清洁高效利用专项再贷款",
}
TERMS: dict[str, int] = {"3m": 3, "6m": 6, "1y": 12}
"""Draw terms and their months."""

BORROWER_TYPES = {
    "enterprise": "企业",
    "individual_business": "个体工商户",
    "micro_owner": "小微企业主",
    "farmer": "农户",
    "personal": "个人",
    "other": "其他",
}
SIZES = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}


@dataclass(frozen=True)
class LoanFacts:
    """What the bank's ledger says about one loan at the batch's period."""

    loan_id: str
    borrower_id: str
    borrower_name: str
    borrower_type: str
    enterprise_size: str | None
    credit_line: Decimal
    balance: Decimal
    start_date: date
    maturity_date: date
    interest_rate: Decimal
    inclusive_smb: bool
    term_months: int


@dataclass(frozen=True)
class ClaimLine:
    """One line of a batch file: the loan claimed and, for the carbon tool, its disclosure."""

    row: int
    loan_id: str
    balance: Decimal
    project_category: str | None = None
    emission_reduction_t: Decimal | None = None


@dataclass(frozen=True)
class Programme:
    """A programme's rules in force on one date."""

    tool: str
    on: date
    rates: Mapping[str, Decimal]
    funding_share: Decimal
    borrower_types: frozenset[str] | None
    enterprise_sizes: frozenset[str] | None
    require_inclusive: bool
    borrower_credit_cap: Decimal | None
    loan_rate_cap: Decimal | None
    min_term_months: int | None
    max_term_months: int | None
    eligible_scope: str | None
    eligible_institutions: frozenset[str] | None
    project_categories: Mapping[str, str] | None
    requires_disclosure: bool
    max_rollovers: int

    @property
    def title(self) -> str:
        return PROGRAMMES[self.tool]

    def rate(self, term: str) -> Decimal:
        if term not in self.rates:
            offered = "、".join(sorted(self.rates)) or "无"
            raise TermInvalid(f"{self.title}没有期限「{term}」的利率（可选：{offered}）。")
        return self.rates[term]


def _set(value: object) -> frozenset[str] | None:
    return None if value is None else frozenset(str(v) for v in value)  # type: ignore[attr-defined]


def resolve_programme(book: ParameterBook, tool: str, on: date) -> Programme:
    """Read a programme's rules in force on ``on`` from the parameter book."""
    rates = {
        term: book.decimal(tool, "rate", on, term)
        for term in TERMS
        if book.find(tool, "rate", on, term)
    }
    categories = book.optional(tool, "project_categories", on)
    return Programme(
        tool=tool,
        on=on,
        rates=rates,
        funding_share=book.decimal(tool, "funding_share", on),
        borrower_types=_set(book.optional(tool, "borrower_types", on)),
        enterprise_sizes=_set(book.optional(tool, "enterprise_sizes", on)),
        require_inclusive=bool(book.optional(tool, "require_inclusive", on)),
        borrower_credit_cap=book.optional_decimal(tool, "borrower_credit_cap", on),
        loan_rate_cap=book.optional_decimal(tool, "loan_rate_cap", on),
        min_term_months=book.optional(tool, "min_term_months", on),
        max_term_months=book.optional(tool, "max_term_months", on),
        eligible_scope=book.optional(tool, "eligible_legal_scope", on),
        eligible_institutions=_set(book.optional(tool, "eligible_institutions", on)),
        project_categories=None
        if categories is None
        else {str(c["code"]): str(c["name"]) for c in categories},
        requires_disclosure=bool(book.optional(tool, "requires_disclosure", on)),
        max_rollovers=int(book.optional(tool, "max_rollovers", on) or 0),
    )


def institution_eligible(programme: Programme, code: str, legal_scope: str) -> str | None:
    """Why a bank may not use the programme on that date, or ``None`` when it may."""
    if programme.eligible_institutions is not None and code not in programme.eligible_institutions:
        return f"机构 {code} 不在{programme.title}于 {programme.on} 生效的支持机构名单中"
    if programme.eligible_scope is not None and legal_scope != programme.eligible_scope:
        return f"{programme.title}仅支持地方法人金融机构，机构 {code} 不符合"
    return None


def eligibility_reasons(programme: Programme, loan: LoanFacts, line: ClaimLine) -> list[str]:
    """Every eligibility rule the loan fails, in Chinese; empty when eligible."""
    reasons: list[str] = []
    if programme.borrower_types is not None and loan.borrower_type not in programme.borrower_types:
        kind = BORROWER_TYPES.get(loan.borrower_type, loan.borrower_type)
        reasons.append(f"借款人类型「{kind}」不在支持范围内")
    if (
        programme.enterprise_sizes is not None
        and loan.borrower_type == "enterprise"
        and (loan.enterprise_size or "") not in programme.enterprise_sizes
    ):
        size = SIZES.get(loan.enterprise_size or "", loan.enterprise_size or "未填")
        reasons.append(f"企业规模「{size}」不在支持范围内")
    if programme.require_inclusive and not loan.inclusive_smb:
        reasons.append("不是普惠小微贷款")
    if (
        programme.borrower_credit_cap is not None
        and loan.credit_line > programme.borrower_credit_cap
    ):
        reasons.append(
            f"单户授信 {to_fen(loan.credit_line):,} 元超过上限 {to_fen(programme.borrower_credit_cap):,} 元"
        )
    if programme.min_term_months is not None and loan.term_months < programme.min_term_months:
        reasons.append(f"贷款期限 {loan.term_months} 个月短于 {programme.min_term_months} 个月")
    if programme.max_term_months is not None and loan.term_months > programme.max_term_months:
        reasons.append(f"贷款期限 {loan.term_months} 个月长于 {programme.max_term_months} 个月")
    if programme.project_categories is not None:
        if not line.project_category:
            reasons.append("未填写项目类别")
        elif line.project_category not in programme.project_categories:
            reasons.append(f"项目类别「{line.project_category}」不在支持领域内")
    if programme.requires_disclosure and (
        line.emission_reduction_t is None or line.emission_reduction_t < 0
    ):
        reasons.append("未披露项目碳减排量（吨二氧化碳当量）")
    return reasons


def integrity_problems(
    programme: Programme,
    lines: Sequence[ClaimLine],
    ledger: Mapping[str, LoanFacts],
    claimed_elsewhere: Mapping[str, str],
    *,
    file: str,
    period: str,
) -> list[Problem]:
    """Problems that refuse the whole batch, each naming file, row, loan and rule."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for line in lines:

        def add(column: str, value: str, rule: str, line: ClaimLine = line) -> None:
            problems.append(Problem(file, line.row, column, value, rule))

        if line.loan_id in seen:
            add(
                "loan_id",
                line.loan_id,
                f"同一笔贷款在本批次中重复申报（第 {seen[line.loan_id]} 行）",
            )
            continue
        seen[line.loan_id] = line.row
        if line.loan_id in claimed_elsewhere:
            add(
                "loan_id",
                line.loan_id,
                f"该贷款已在{claimed_elsewhere[line.loan_id]}中申报，不能重复申领",
            )
        loan = ledger.get(line.loan_id)
        if loan is None:
            add(
                "loan_id",
                line.loan_id,
                f"该贷款不在本行 {period} 的现行台账中（只能申报本行台账中的贷款）",
            )
            continue
        if to_fen(line.balance) != to_fen(loan.balance):
            add(
                "balance",
                str(line.balance),
                f"申报余额与台账余额 {to_fen(loan.balance)} 元不一致",
            )
        if programme.loan_rate_cap is not None and loan.interest_rate > programme.loan_rate_cap:
            add(
                "loan_id",
                line.loan_id,
                f"贷款利率 {loan.interest_rate * 100:.2f}% 高于{programme.title}支持贷款的利率上限 "
                f"{programme.loan_rate_cap * 100:.2f}%",
            )
    return problems


def funded_amount(programme: Programme, loan: LoanFacts) -> Decimal:
    """The central-bank money a loan brings: its balance × the programme's funding share."""
    return to_fen(loan.balance * programme.funding_share)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clipped to the month's end (a draw's maturity)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def outstanding(drawn: Decimal, repayments: Sequence[Decimal]) -> Decimal:
    return to_fen(drawn - sum(repayments, Decimal(0)))
