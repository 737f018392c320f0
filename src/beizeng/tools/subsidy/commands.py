"""``beizeng tools subsidy``: programmes, fund deposits, claims, maker-checker, payment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.account.commands import PasswordStdin, SignInUser, TokenStdin, signed_in
from beizeng.console.output import console
from beizeng.console.params import parse_date, parse_decimal, parse_period
from beizeng.db import session_scope
from beizeng.kit.clock import SystemClock
from beizeng.kit.files import write_output
from beizeng.kit.money import yuan_display
from beizeng.kit.periods import Period
from beizeng.tools.statements import subsidy_xlsx
from beizeng.tools.subsidy import service

app = typer.Typer(
    help="风险补偿金与贴息：项目、资金池、申请、双人审批、支付。", no_args_is_help=True
)


@app.command("programme-add")
def programme_add(
    file: Annotated[Path, typer.Argument(help="项目定义 TOML（见 docs/tools.md）")],
) -> None:
    """创建补贴项目（公式参数、上限与资格规则均为数据）。"""
    with session_scope() as session:
        row = service.define_programme_file(session, path=file)
        console.print(f"已创建项目 {escape(row.code)} {escape(row.name)}。")


@app.command("deposit")
def deposit(
    programme: str,
    amount: Annotated[Decimal, typer.Argument(parser=parse_decimal)],
    on: Annotated[date, typer.Option("--date", parser=parse_date)],
    user: SignInUser = None,
    password_stdin: PasswordStdin = False,
    token: TokenStdin = False,
) -> None:
    """向资金池注资。"""
    actor = signed_in(user, password_stdin=password_stdin, token=token)
    with session_scope(actor.username) as session:
        fund = service.deposit(
            session, principal=actor, programme_code=programme, amount=amount, on=on
        )
    console.print(
        f"资金余额 {yuan_display(fund.balance)} 元，可用 {yuan_display(fund.available)} 元。"
    )


@app.command("claim")
def claim(
    programme: str,
    bank: Annotated[str, typer.Option("--bank")],
    period: Annotated[Period, typer.Option("--period", parser=parse_period)],
    loan_id: Annotated[str, typer.Option("--loan")],
    days: Annotated[int, typer.Option(help="贴息天数")] = 0,
    loss: Annotated[
        Decimal | None, typer.Option(parser=parse_decimal, help="风险补偿的损失金额")
    ] = None,
    user: SignInUser = None,
    password_stdin: PasswordStdin = False,
    token: TokenStdin = False,
) -> None:
    """录入申请（金额按项目公式计算并受上限约束）。"""
    actor = signed_in(user, password_stdin=password_stdin, token=token)
    with session_scope(actor.username) as session:
        row = service.enter_claim(
            session,
            principal=actor,
            claim=service.ClaimInput(
                programme,
                bank,
                period,
                loan_id,
                days,
                loss,
            ),
        )
        console.print(
            f"申请 {row.id}：{escape(row.borrower_name)}，金额 {yuan_display(row.amount)} 元，待另一人审批。"
        )


@app.command("approve")
def approve(
    claim_id: int,
    user: SignInUser = None,
    password_stdin: PasswordStdin = False,
    token: TokenStdin = False,
) -> None:
    """审批申请（审批人不能是录入人，须以动态口令登录；资金池可用余额须足够）。"""
    actor = signed_in(user, password_stdin=password_stdin, token=token)
    with session_scope(actor.username) as session:
        row = service.approve_claim(
            session, principal=actor, claim_id=claim_id, now=SystemClock().now()
        )
        console.print(f"申请 {row.id} 已审批，金额 {yuan_display(row.amount)} 元。")


@app.command("reject")
def reject(
    claim_id: int,
    reason: Annotated[str, typer.Option("--reason")],
    user: SignInUser = None,
    password_stdin: PasswordStdin = False,
    token: TokenStdin = False,
) -> None:
    """驳回申请（须以动态口令登录）。"""
    actor = signed_in(user, password_stdin=password_stdin, token=token)
    with session_scope(actor.username) as session:
        service.reject_claim(
            session, principal=actor, claim_id=claim_id, reason=reason, now=SystemClock().now()
        )
    console.print(f"申请 {claim_id} 已驳回。")


@app.command("pay")
def pay(
    claim_id: int,
    on: Annotated[date, typer.Option("--date", parser=parse_date)],
    user: SignInUser = None,
    password_stdin: PasswordStdin = False,
    token: TokenStdin = False,
) -> None:
    """从资金池支付已审批的申请（须以动态口令登录）。"""
    actor = signed_in(user, password_stdin=password_stdin, token=token)
    with session_scope(actor.username) as session:
        row = service.pay_claim(session, principal=actor, claim_id=claim_id, on=on)
        console.print(f"申请 {row.id} 已支付 {yuan_display(row.amount)} 元。")


@app.command("show")
def show(
    programme: str,
    bank: Annotated[str | None, typer.Option("--bank")] = None,
    out: Annotated[Path | None, typer.Option(help="另存 XLSX")] = None,
) -> None:
    """项目的资金池与申请清单。"""
    with session_scope() as session:
        report = service.programme_report(session, programme_code=programme, institution_code=bank)
        if out:
            write_output(out, subsidy_xlsx(report))
        table = Table(
            "编号",
            "银行",
            "借据",
            "借款人",
            "金额",
            "状态",
            "录入",
            "审批",
            title=escape(report.programme.name),
        )
        for c in report.claims:
            table.add_row(
                str(c.id),
                escape(c.institution_code),
                escape(c.loan_id),
                escape(c.borrower_name),
                yuan_display(c.amount),
                service.STATUS[c.status],
                escape(c.entered_by),
                escape(c.approved_by or ""),
            )
    console.print(table)
    f = report.fund
    console.print(
        f"资金余额 {yuan_display(f.balance)} 元；已审批未付 {yuan_display(f.committed)} 元；可用 {yuan_display(f.available)} 元。"
    )
