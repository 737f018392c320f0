"""XLSX statements of each tool: stored data assembled into sheets, rendered to bytes."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from beizeng.models.fiscal import GuaranteeAgreement, GuaranteedLoan
from beizeng.models.tools import RediscountBill
from beizeng.tools.guarantee.rules import LeveragePoint
from beizeng.tools.relending.rules import PROGRAMMES
from beizeng.tools.relending.service import STATUS as BATCH_STATUS
from beizeng.tools.relending.service import BatchView
from beizeng.tools.subsidy.service import STATUS as CLAIM_STATUS
from beizeng.tools.subsidy.service import ProgrammeReport
from beizeng.tools.supporttool.rules import SupportStatement
from beizeng.tools.xlsx_writer import Cell, Sheet, workbook_bytes


def support_tool_xlsx(statement: SupportStatement) -> bytes:
    rows: list[list[Cell]] = [
        [x.institution, x.opening, x.closing, x.increase, x.amount] for x in statement.lines
    ]
    return workbook_bytes(
        [
            Sheet(
                title=statement.quarter,
                heading=f"普惠小微贷款支持工具核算表（{statement.quarter}，激励比例 {statement.rate * 100:.2f}%）",
                headers=[
                    "机构代码",
                    "季初余额（元）",
                    "季末余额（元）",
                    "余额增量（元）",
                    "激励资金（元）",
                ],
                rows=rows,
                total=["合计", None, None, None, statement.total],
                notes=[
                    "余额减少按零计算。" if statement.negative_as_zero else "余额减少按负数计算。",
                    "金额按分四舍五入，合计为各行之和。",
                ],
            )
        ]
    )


def relending_xlsx(batches: Sequence[BatchView]) -> bytes:
    summary = [
        [
            b.id,
            PROGRAMMES[b.programme],
            b.institution_code,
            b.period,
            b.term,
            BATCH_STATUS[b.status],
            b.rate,
            b.eligible_amount,
            b.outstanding,
            b.draw_date,
            b.maturity_date,
            b.entered_by,
            b.approved_by,
        ]
        for b in batches
    ]
    items = [
        [
            b.id,
            i.loan_id,
            i.borrower_name,
            i.balance,
            i.interest_rate,
            "是" if i.eligible else "否",
            i.reasons,
            i.amount,
            i.project_category,
            i.emission_reduction_t,
        ]
        for b in batches
        for i in b.items
    ]
    return workbook_bytes(
        [
            Sheet(
                "批次",
                "再贷款申请与发放台账",
                [
                    "批次",
                    "项目",
                    "机构",
                    "台账期间",
                    "期限",
                    "状态",
                    "利率",
                    "合格金额（元）",
                    "在贷余额（元）",
                    "发放日",
                    "到期日",
                    "录入人",
                    "审批人",
                ],
                summary,
                total=[
                    "合计",
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    sum((b.eligible_amount for b in batches), Decimal(0)),
                    sum((b.outstanding for b in batches), Decimal(0)),
                    None,
                    None,
                    None,
                    None,
                ],
                rate_columns=frozenset({6}),
            ),
            Sheet(
                "贷款明细",
                "再贷款支持的贷款明细",
                [
                    "批次",
                    "借据编号",
                    "借款人",
                    "余额（元）",
                    "贷款利率",
                    "合格",
                    "不合格原因",
                    "支持金额（元）",
                    "项目类别",
                    "碳减排量（tCO2e）",
                ],
                items,
                rate_columns=frozenset({4}),
            ),
        ]
    )


def rediscount_xlsx(bills: Sequence[RediscountBill]) -> bytes:
    rows = [
        [
            b.bill_no,
            b.institution_code,
            b.drawer,
            b.acceptor,
            b.amount,
            b.maturity_date,
            "是" if b.green else "否",
            b.status,
            b.discount_date,
            b.rate,
            b.days,
            b.interest,
        ]
        for b in bills
    ]
    return workbook_bytes(
        [
            Sheet(
                "再贴现",
                "再贴现票据台账",
                [
                    "票据号码",
                    "机构",
                    "出票人",
                    "承兑人",
                    "票面金额（元）",
                    "到期日",
                    "绿色票据",
                    "状态",
                    "贴现日",
                    "利率",
                    "天数",
                    "贴现利息（元）",
                ],
                rows,
                total=[
                    "合计",
                    None,
                    None,
                    None,
                    sum((b.amount for b in bills), Decimal(0)),
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    sum((b.interest or Decimal(0) for b in bills), Decimal(0)),
                ],
                rate_columns=frozenset({9}),
            )
        ]
    )


def guarantee_xlsx(
    agency: str,
    points: Sequence[LeveragePoint],
    loans: Sequence[tuple[GuaranteedLoan, GuaranteeAgreement]],
) -> bytes:
    lev = [
        [p.on, p.balance, p.net_assets, p.leverage, p.cap, "超上限" if p.over_cap else ""]
        for p in points
    ]
    rows: list[list[Cell]] = [
        [
            g.loan_id,
            a.institution_code,
            g.borrower_name,
            g.amount,
            g.start_date,
            g.end_date,
            a.bank_share,
            g.fee,
            g.fee_subsidy,
            g.status,
        ]
        for g, a in loans
    ]
    return workbook_bytes(
        [
            Sheet(
                "放大倍数",
                f"{agency} 放大倍数",
                ["日期", "在保余额（元）", "净资产（元）", "放大倍数", "上限", "预警"],
                lev,
            ),
            Sheet(
                "在保贷款",
                f"{agency} 担保贷款台账",
                [
                    "借据编号",
                    "贷款银行",
                    "借款人",
                    "担保金额（元）",
                    "起始日",
                    "到期日",
                    "银行分担比例",
                    "担保费（元）",
                    "担保费补贴（元）",
                    "状态",
                ],
                rows,
                total=[
                    "合计",
                    None,
                    None,
                    sum((g.amount for g, _ in loans), Decimal(0)),
                    None,
                    None,
                    None,
                    sum((g.fee for g, _ in loans), Decimal(0)),
                    sum((g.fee_subsidy for g, _ in loans), Decimal(0)),
                    None,
                ],
                rate_columns=frozenset({6}),
            ),
        ]
    )


def subsidy_xlsx(report: ProgrammeReport) -> bytes:
    p = report.programme
    rows = [
        [
            c.id,
            c.institution_code,
            c.loan_id,
            c.borrower_name,
            c.principal,
            c.rate,
            c.days,
            c.amount,
            CLAIM_STATUS[c.status],
            c.entered_by,
            c.approved_by,
        ]
        for c in report.claims
    ]
    return workbook_bytes(
        [
            Sheet(
                "申请",
                f"{p.name}（{p.sponsor}）",
                [
                    "编号",
                    "贷款银行",
                    "借据编号",
                    "借款人",
                    "本金/损失（元）",
                    "利率/比例",
                    "天数",
                    "金额（元）",
                    "状态",
                    "录入人",
                    "审批人",
                ],
                rows,
                total=[
                    "合计",
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    sum((c.amount for c in report.claims), Decimal(0)),
                    None,
                    None,
                    None,
                ],
                rate_columns=frozenset({5}),
                notes=[
                    f"资金余额 {report.fund.balance} 元；已审批未支付 {report.fund.committed} 元；"
                    f"可用 {report.fund.available} 元。"
                ],
            )
        ]
    )
