"""``beizeng tools guarantee``: agencies, 总对总 agreements, guaranteed loans, 代偿, leverage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.console.output import console
from beizeng.console.params import parse_date, parse_decimal, parse_period
from beizeng.db import session_scope
from beizeng.kit.files import write_output
from beizeng.kit.money import yuan_display
from beizeng.kit.periods import Period, periods_between
from beizeng.tools.guarantee import service
from beizeng.tools.guarantee.leverage_chart import leverage_chart
from beizeng.tools.statements import guarantee_xlsx

app = typer.Typer(
    help="政府性融资担保：担保机构、银担总对总、代偿与放大倍数。", no_args_is_help=True
)
Day = Annotated[date, typer.Option(parser=parse_date, help="日期 YYYY-MM-DD")]
Amount = Annotated[Decimal, typer.Argument(parser=parse_decimal)]


@app.command("agency-add")
def agency_add(
    code: str, name: str, county: Annotated[str, typer.Option("--county")] = "141102"
) -> None:
    """登记担保机构。"""
    with session_scope() as session:
        service.add_agency(session, code=code, name=name, county_code=county)
    console.print(f"已登记担保机构 {escape(code)} {escape(name)}。")


@app.command("net-assets")
def net_assets(agency: str, amount: Amount, as_of: Day) -> None:
    """报送担保机构净资产（放大倍数的分母）。"""
    with session_scope() as session:
        service.report_net_assets(session, agency_code=agency, as_of=as_of, net_assets=amount)
    console.print(f"已记录 {escape(agency)} 截至 {as_of} 净资产 {yuan_display(amount)} 元。")


@app.command("agreement-add")
def agreement_add(
    agency: str,
    bank: str,
    bank_share: Annotated[
        Decimal, typer.Option(parser=parse_decimal, help="银行分担比例，如 0.2")
    ] = Decimal("0.2"),
    fee_rate: Annotated[
        Decimal, typer.Option(parser=parse_decimal, help="年化担保费率，如 0.01")
    ] = Decimal("0.01"),
    fee_subsidy: Annotated[
        Decimal, typer.Option(parser=parse_decimal, help="担保费财政补贴比例，如 0.5")
    ] = Decimal("0"),
    start: Day = date(2022, 1, 1),
) -> None:
    """登记银担“总对总”批量合作协议。"""
    with session_scope() as session:
        row = service.add_agreement(
            session,
            agency_code=agency,
            institution_code=bank,
            bank_share=bank_share,
            fee_rate=fee_rate,
            fee_subsidy_rate=fee_subsidy,
            effective_from=start,
        )
        console.print(
            f"协议 {row.id}：银行分担 {row.bank_share * 100:.0f}%，担保体系分担 {(1 - row.bank_share) * 100:.0f}%。"
        )


@app.command("loan-add")
def loan_add(
    agency: str,
    bank: str,
    loan_id: str,
    period: Annotated[Period, typer.Option(parser=parse_period)],
    start: Day,
    end: Day,
) -> None:
    """登记担保贷款（须在银行该期台账中）。"""
    with session_scope() as session:
        row = service.guarantee_loan(
            session,
            agency_code=agency,
            institution_code=bank,
            period=period,
            loan_id=loan_id,
            start=start,
            end=end,
        )
        console.print(
            f"担保贷款 {row.id}：{yuan_display(row.amount)} 元，担保费 {yuan_display(row.fee)} 元，补贴 {yuan_display(row.fee_subsidy)} 元。"
        )


@app.command("compensate")
def compensate(guaranteed_loan_id: int, loss: Amount, on: Day) -> None:
    """代偿：按协议比例分担损失。"""
    with session_scope() as session:
        c = service.compensate(
            session, guaranteed_loan_id=guaranteed_loan_id, loss=loss, paid_on=on
        )
        console.print(
            f"代偿 {c.id}：担保机构 {yuan_display(c.agency_part)} 元，银行 {yuan_display(c.bank_part)} 元。"
        )


@app.command("recover")
def recover(compensation_id: int, amount: Amount) -> None:
    """登记代偿后的追偿回收。"""
    with session_scope() as session:
        c = service.recover(session, compensation_id=compensation_id, amount=amount)
        console.print(f"代偿 {c.id} 累计追回（担保机构部分）{yuan_display(c.recovered)} 元。")


@app.command("leverage")
def leverage(
    agency: str,
    first: Annotated[Period, typer.Option("--from", parser=parse_period, help="起始期间 YYYY-MM")],
    last: Annotated[Period, typer.Option("--to", parser=parse_period, help="截止期间 YYYY-MM")],
    chart: Annotated[Path | None, typer.Option(help="另存折线图 PNG")] = None,
    out: Annotated[Path | None, typer.Option(help="另存 XLSX")] = None,
) -> None:
    """各月末放大倍数（在保余额 / 净资产），超上限预警。"""
    days = [p.end for p in periods_between(first, last)]
    with session_scope() as session:
        points = service.leverage_series(session, agency_code=agency, dates=days)
        if out:
            loans = service.guaranteed_loans(session, agency_code=agency)
            write_output(out, guarantee_xlsx(agency, points, loans))
    table = Table(
        "月末",
        "在保余额",
        "净资产",
        "放大倍数",
        "上限",
        "预警",
        title=f"{escape(agency)} 放大倍数",
    )
    for p in points:
        table.add_row(
            str(p.on),
            yuan_display(p.balance),
            yuan_display(p.net_assets or 0),
            "" if p.leverage is None else f"{p.leverage:.2f}",
            f"{p.cap:.0f}",
            "超上限" if p.over_cap else "",
        )
    console.print(table)
    if chart:
        write_output(chart, leverage_chart(agency, points))
        console.print(f"图表已写入 {escape(str(chart))}")
