"""``beizeng tools guarantee``: agencies, 总对总 agreements, guaranteed loans, 代偿, leverage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from beizeng.cli.output import console
from beizeng.db import session_scope
from beizeng.kit.money import yuan_display
from beizeng.kit.periods import Period, periods_between
from beizeng.tools.guarantee import service
from beizeng.tools.guarantee.chart import leverage_chart
from beizeng.tools.statements import guarantee_xlsx

app = typer.Typer(
    help="政府性融资担保：担保机构、银担总对总、代偿与放大倍数。", no_args_is_help=True
)
Day = Annotated[str, typer.Option(help="日期 YYYY-MM-DD")]


@app.command("agency-add")
def agency_add(
    code: str, name: str, county: Annotated[str, typer.Option("--county")] = "141102"
) -> None:
    """登记担保机构。"""
    with session_scope() as session:
        service.add_agency(session, code=code, name=name, county_code=county)
    console.print(f"已登记担保机构 {code} {name}。")


@app.command("net-assets")
def net_assets(agency: str, amount: str, as_of: Day) -> None:
    """报送担保机构净资产（放大倍数的分母）。"""
    with session_scope() as session:
        service.report_net_assets(
            session, agency_code=agency, as_of=date.fromisoformat(as_of), net_assets=Decimal(amount)
        )
    console.print(f"已记录 {agency} 截至 {as_of} 净资产 {yuan_display(Decimal(amount))} 元。")


@app.command("agreement-add")
def agreement_add(
    agency: str,
    bank: str,
    bank_share: Annotated[str, typer.Option(help="银行分担比例，如 0.2")] = "0.2",
    fee_rate: Annotated[str, typer.Option(help="年化担保费率，如 0.01")] = "0.01",
    fee_subsidy: Annotated[str, typer.Option(help="担保费财政补贴比例，如 0.5")] = "0",
    start: Day = "2022-01-01",
) -> None:
    """登记银担“总对总”批量合作协议。"""
    with session_scope() as session:
        row = service.add_agreement(
            session,
            agency_code=agency,
            institution_code=bank,
            bank_share=Decimal(bank_share),
            fee_rate=Decimal(fee_rate),
            fee_subsidy_rate=Decimal(fee_subsidy),
            effective_from=date.fromisoformat(start),
        )
        console.print(
            f"协议 {row.id}：银行分担 {row.bank_share * 100:.0f}%，担保体系分担 {(1 - row.bank_share) * 100:.0f}%。"
        )


@app.command("loan-add")
def loan_add(
    agency: str,
    bank: str,
    loan_id: str,
    period: Annotated[str, typer.Option()],
    start: Day,
    end: Day,
) -> None:
    """登记担保贷款（须在银行该期台账中）。"""
    with session_scope() as session:
        row = service.guarantee_loan(
            session,
            agency_code=agency,
            institution_code=bank,
            period=Period.parse(period),
            loan_id=loan_id,
            start=date.fromisoformat(start),
            end=date.fromisoformat(end),
        )
        console.print(
            f"担保贷款 {row.id}：{yuan_display(row.amount)} 元，担保费 {yuan_display(row.fee)} 元，补贴 {yuan_display(row.fee_subsidy)} 元。"
        )


@app.command("compensate")
def compensate(guaranteed_loan_id: int, loss: str, on: Day) -> None:
    """代偿：按协议比例分担损失。"""
    with session_scope() as session:
        c = service.compensate(
            session,
            guaranteed_loan_id=guaranteed_loan_id,
            loss=Decimal(loss),
            paid_on=date.fromisoformat(on),
        )
        console.print(
            f"代偿 {c.id}：担保机构 {yuan_display(c.agency_part)} 元，银行 {yuan_display(c.bank_part)} 元。"
        )


@app.command("recover")
def recover(compensation_id: int, amount: str) -> None:
    """登记代偿后的追偿回收。"""
    with session_scope() as session:
        c = service.recover(session, compensation_id=compensation_id, amount=Decimal(amount))
        console.print(f"代偿 {c.id} 累计追回（担保机构部分）{yuan_display(c.recovered)} 元。")


@app.command("leverage")
def leverage(
    agency: str,
    first: Annotated[str, typer.Option("--from", help="起始期间 YYYY-MM")],
    last: Annotated[str, typer.Option("--to", help="截止期间 YYYY-MM")],
    chart: Annotated[Path | None, typer.Option(help="另存折线图 PNG")] = None,
    out: Annotated[Path | None, typer.Option(help="另存 XLSX")] = None,
) -> None:
    """各月末放大倍数（在保余额 / 净资产），超上限预警。"""
    days = [p.end for p in periods_between(Period.parse(first), Period.parse(last))]
    with session_scope() as session:
        points = service.leverage_series(session, agency_code=agency, dates=days)
        if out:
            out.write_bytes(
                guarantee_xlsx(
                    agency, points, service.guaranteed_loans(session, agency_code=agency)
                )
            )
    table = Table(
        "月末", "在保余额", "净资产", "放大倍数", "上限", "预警", title=f"{agency} 放大倍数"
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
        chart.write_bytes(leverage_chart(agency, points))
        console.print(f"图表已写入 {chart}")
