"""``beizeng tools rediscount``: queue bills, serve the queue, list (C-3.2.3)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.account.commands import PasswordStdin, SignInUser, TokenStdin, signed_in
from beizeng.config import get_settings
from beizeng.console.output import console
from beizeng.console.params import parse_date
from beizeng.db import session_scope
from beizeng.kit.files import write_output
from beizeng.kit.money import yuan_display
from beizeng.tools.rediscount import service
from beizeng.tools.statements import rediscount_xlsx

app = typer.Typer(help="再贴现：绿色票据优先（绿票通），额度内按利率计息。", no_args_is_help=True)


@app.command("apply")
def apply(
    file: Annotated[
        Path, typer.Argument(help="票据清单（票据号码,出票人,承兑人,票面金额,到期日,绿色票据）")
    ],
    bank: Annotated[str, typer.Option("--bank")],
    on: Annotated[
        date | None, typer.Option("--on", parser=parse_date, help="申请日期（默认今天）")
    ] = None,
    user: SignInUser = None,
    password_stdin: PasswordStdin = False,
    token: TokenStdin = False,
) -> None:
    """登记再贴现申请票据（任一票据有误则整单退回）。"""
    bills = service.read_bill_file(file, max_bytes=get_settings().max_upload_bytes)
    actor = signed_in(user, password_stdin=password_stdin, token=token)
    with session_scope(actor.username) as session:
        rows = service.apply_bills(
            session,
            principal=actor,
            institution_code=bank,
            bills=bills,
            applied_on=on or date.today(),
            file=file.name,
        )
    console.print(f"已登记 {len(rows)} 张票据，待办理。")


@app.command("serve")
def serve(
    bank: Annotated[str, typer.Option("--bank")],
    on: Annotated[date, typer.Option("--date", parser=parse_date, help="贴现日期 YYYY-MM-DD")],
    user: SignInUser = None,
    password_stdin: PasswordStdin = False,
    token: TokenStdin = False,
) -> None:
    """按优先顺序在额度内办理待处理票据（办理人不能是录入人，须以动态口令登录）。"""
    actor = signed_in(user, password_stdin=password_stdin, token=token)
    with session_scope(actor.username) as session:
        result = service.serve_queue(
            session, principal=actor, institution_code=bank, discount_date=on
        )
        served = [
            (b.bill_no, "绿" if b.green else "", b.amount, b.days, b.interest)
            for b in result.served
        ]
        waiting = [b.bill_no for b in result.waiting]
    table = Table("票据号码", "绿色", "票面金额", "天数", "贴现利息", title="本次办理")
    for no, green, amount, days, interest in served:
        table.add_row(
            escape(no), green, yuan_display(amount), str(days), yuan_display(interest or 0)
        )
    console.print(table)
    if waiting:
        console.print(f"额度不足、继续排队：{escape('、'.join(waiting))}")


@app.command("list")
def list_(
    bank: Annotated[str | None, typer.Option("--bank")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="另存 XLSX")] = None,
) -> None:
    """列出再贴现票据。"""
    with session_scope() as session:
        bills = service.all_bills(session, institution_code=bank)
        if out:
            write_output(out, rediscount_xlsx(bills))
        table = Table(
            "票据号码", "机构", "票面金额", "到期日", "绿色", "状态", "贴现利息", title="再贴现票据"
        )
        for b in bills:
            table.add_row(
                escape(b.bill_no),
                escape(b.institution_code),
                yuan_display(b.amount),
                str(b.maturity_date),
                "是" if b.green else "",
                b.status,
                yuan_display(b.interest or 0),
            )
    console.print(table)
