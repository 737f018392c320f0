"""A year of tool usage on the synthetic Lüliang ledgers (issue 6, "done when").

``seed_tools_demo`` books, on whatever current ledgers the demo imported: the support-tool
statements for 2022 Q1–Q4; a 支小再贷款 batch of a local bank with some ineligible loans,
approved by a second person and partly repaid; a guarantee agency with a 总对总 agreement,
guaranteed loans through the year and its leverage by month end (chart as PNG); and the
technology-firm interest-subsidy programme run through maker-checker and paid from its fund.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.errors import BeizengError
from beizeng.institution.service import list_institutions
from beizeng.kit.demorun import DemoRun
from beizeng.kit.periods import Period, Quarter, periods_between
from beizeng.tools import loans
from beizeng.tools.guarantee import service as guarantee
from beizeng.tools.guarantee.errors import GuaranteeConflict
from beizeng.tools.guarantee.leverage_chart import leverage_chart
from beizeng.tools.guarantee.rules import LeveragePoint
from beizeng.tools.parameter.service import parameter_book
from beizeng.tools.relending import service as relending
from beizeng.tools.relending.rules import ClaimLine, resolve_programme
from beizeng.tools.subsidy import service as subsidy
from beizeng.tools.supporttool.service import issue_statement

MAKER = Principal(0, "demo-pboc-clerk", "演示录入人（人民银行）", "pboc")
CHECKER = Principal(0, "demo-pboc-checker", "演示审批人（人民银行）", "pboc", second_factor=True)
"""The demo's two people: it books on the services directly, as these principals (the checker as
if signed in with a code); the platform's accounts are not involved."""
AGENCY = "LLRZDB"
TECH = "TECH-SUB-2022"


@dataclass
class ToolsDemoReport:
    statements: dict[str, Decimal] = field(default_factory=dict)
    batch_id: int | None = None
    ineligible: int = 0
    leverage: list[LeveragePoint] = field(default_factory=list)
    subsidy_paid: Decimal = Decimal("0.00")
    notes: list[str] = field(default_factory=list)


DECIDED_AT = datetime(2022, 7, 8, 2, 0, tzinfo=UTC)
"""When the demo's checkers decide (10:00 in Lüliang on the draw day): the demo is 2022."""


def _local_bank(session: Session, period: Period) -> tuple[str, list[dict[str, Any]]] | None:
    for bank in list_institutions(session, legal_scope="local"):
        rows = loans.loan_rows(session, institution_code=bank.code, period=period)
        if rows:
            return bank.code, rows
    return None


def _relending(
    session: Session,
    report: ToolsDemoReport,
    bank: str,
    rows: list[dict[str, Any]],
    rng: random.Random,
) -> None:
    june = Period(2022, 6)
    prog = resolve_programme(parameter_book(session), "relending_smb", date(2022, 7, 4))
    cap = prog.loan_rate_cap or Decimal(1)
    fit = [r for r in rows if Decimal(str(r["interest_rate"])) <= cap and Decimal(r["balance"]) > 0]
    inclusive = [r for r in fit if r["inclusive_smb"]][:200]
    other = [r for r in fit if not r["inclusive_smb"]][:200]
    chosen = rng.sample(inclusive, min(12, len(inclusive))) + rng.sample(other, min(4, len(other)))
    if not chosen:
        report.notes.append("再贷款：台账中没有可申报的贷款，跳过。")
        return
    lines = [
        ClaimLine(n, r["loan_id"], Decimal(r["balance"])) for n, r in enumerate(chosen, start=2)
    ]
    batch = relending.apply_batch(
        session,
        principal=MAKER,
        programme="relending_smb",
        institution_code=bank,
        period=june,
        term="1y",
        lines=lines,
        applied_on=date(2022, 7, 4),
        file="demo-batch.csv",
    )
    relending.approve_batch(
        session, principal=CHECKER, batch_id=batch.id, draw_date=date(2022, 7, 8), now=DECIDED_AT
    )
    part = (batch.eligible_amount / 4).quantize(Decimal("0.01"))
    relending.repay(
        session, principal=MAKER, batch_id=batch.id, amount=part, repaid_on=date(2022, 10, 10)
    )
    report.batch_id, report.ineligible = batch.id, len(batch.ineligible)
    report.notes.append(
        f"再贷款：{bank} 第 {batch.id} 批，{len(lines)} 笔中 {len(batch.ineligible)} 笔不合格，发放 {batch.eligible_amount} 元。"
    )


def _guarantee(
    session: Session, report: ToolsDemoReport, bank: str, rng: random.Random, chart: Path | None
) -> None:
    guarantee.add_agency(session, code=AGENCY, name="吕梁市融资担保有限公司", county_code="141102")
    guarantee.report_net_assets(
        session, agency_code=AGENCY, as_of=date(2022, 1, 1), net_assets=Decimal("60000000")
    )
    guarantee.report_net_assets(
        session, agency_code=AGENCY, as_of=date(2022, 7, 1), net_assets=Decimal("80000000")
    )
    guarantee.add_agreement(
        session,
        agency_code=AGENCY,
        institution_code=bank,
        bank_share=Decimal("0.2"),
        fee_rate=Decimal("0.008"),
        fee_subsidy_rate=Decimal("0.5"),
        effective_from=date(2022, 1, 1),
    )
    months = periods_between(Period(2022, 1), Period(2022, 12))
    for period in months:
        rows = [
            r
            for r in loans.loan_rows(session, institution_code=bank, period=period)
            if r["inclusive_smb"]
        ]
        start = date(period.year, period.month, 1)
        for row in rng.sample(rows, min(6, len(rows))):
            end = (
                row["maturity_date"]
                if row["maturity_date"] > start
                else start.replace(year=start.year + 1)
            )
            try:
                guarantee.guarantee_loan(
                    session,
                    agency_code=AGENCY,
                    institution_code=bank,
                    period=period,
                    loan_id=row["loan_id"],
                    start=start,
                    end=end,
                )
            except GuaranteeConflict:
                continue  # the same loan drawn again in a later month is already guaranteed
    report.leverage = guarantee.leverage_series(
        session, agency_code=AGENCY, dates=[p.end for p in months]
    )
    if chart is not None:
        chart.parent.mkdir(parents=True, exist_ok=True)
        chart.write_bytes(leverage_chart("吕梁市融资担保有限公司", report.leverage))
        report.notes.append(f"担保放大倍数图：{chart}")


def _subsidy(
    session: Session, report: ToolsDemoReport, bank: str, rows: list[dict[str, Any]]
) -> None:
    for path in subsidy.packaged_programmes():
        subsidy.define_programme_file(session, path=path)
    subsidy.deposit(
        session,
        principal=MAKER,
        programme_code=TECH,
        amount=Decimal("1000000"),
        on=date(2022, 7, 1),
    )
    eligible = [
        r
        for r in rows
        if r["borrower_type"] == "enterprise"
        and r["industry_section"] in {"C", "I", "M"}
        and r["enterprise_size"] in {"medium", "small", "micro"}
    ][:8]
    for row in eligible:
        claim = subsidy.enter_claim(
            session,
            principal=MAKER,
            claim=subsidy.ClaimInput(TECH, bank, Period(2022, 6), row["loan_id"], days=180),
        )
        try:
            subsidy.approve_claim(session, principal=CHECKER, claim_id=claim.id, now=DECIDED_AT)
        except BeizengError:
            continue  # the fund cannot cover it: the claim waits
        report.subsidy_paid += subsidy.pay_claim(
            session, principal=CHECKER, claim_id=claim.id, on=date(2022, 7, 20)
        ).amount
    report.notes.append(
        f"科技型企业贴息：{len(eligible)} 笔申请，双人审批后支付 {report.subsidy_paid} 元。"
    )


def seed_tools_demo(session: Session, *, seed: int, chart: Path | None = None) -> ToolsDemoReport:
    """Book the year of tool usage; deterministic for a seed, and booked once only.

    A second demo run finds the demo's guarantee agency and books nothing again, so the demo
    can be re-run on the same home (a repeated relending batch would rightly be refused).
    """
    rng = random.Random(seed)
    report = ToolsDemoReport()
    if guarantee.find_agency(session, AGENCY) is not None:
        report.notes.append("政策工具演示台账已存在，跳过。")
        return report
    for number in range(1, 5):
        quarter = Quarter(2022, number)
        try:
            stored = issue_statement(session, quarter=quarter)
        except BeizengError as exc:
            report.notes.append(f"支持工具 {quarter}：{exc.message}")
            continue
        report.statements[str(quarter)] = stored.statement.total
        report.notes.append(
            f"支持工具 {quarter}：{len(stored.statement.lines)} 家，激励 {stored.statement.total} 元。"
        )
    found = _local_bank(session, Period(2022, 6))
    if found is None:
        report.notes.append("没有 2022-06 的地方法人银行台账，跳过再贷款、担保与贴息演示。")
        return report
    bank, rows = found
    _relending(session, report, bank, rows, rng)
    _guarantee(session, report, bank, rng, chart)
    _subsidy(session, report, bank, rows)
    return report


def tools_step(run: DemoRun) -> None:
    """The demo pipeline step: the year of tool usage, with the leverage chart under the demo."""
    with run.session_scope() as session:
        report = seed_tools_demo(
            session, seed=run.seed, chart=run.data_dir / "tools" / "leverage.png"
        )
    run.results["tools"] = report
    run.notes += report.notes
