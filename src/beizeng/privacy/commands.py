"""``beizeng privacy …``: the log of whole personal values read (JR/T 0171-2020, 7.1.3)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.access.principal import ROLES
from beizeng.account.service import principal_named
from beizeng.console.output import console
from beizeng.db import session_scope
from beizeng.kit.clock import china_minute
from beizeng.privacy import rules, service

app = typer.Typer(help="个人信息保护：完整身份证号、电话号码的查阅记录。", no_args_is_help=True)


@app.command("reads")
def reads(
    user: Annotated[str, typer.Option("--user", help="以哪个人民银行用户的身份查看（用户名）")],
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="最多显示多少条")] = 50,
) -> None:
    """最近的完整个人信息查阅记录（谁、何时、查看了谁的哪项信息、用途）。"""
    with session_scope() as session:
        principal = principal_named(session, user)
        result = service.recent_reads(session, principal=principal, per_page=limit)
        table = Table(
            "时间", "查阅人", "角色", "信息主体", "字段", "用途", title=f"共 {result.total} 条"
        )
        for r in result.rows:
            table.add_row(
                china_minute(r.at),
                escape(r.actor),
                ROLES.get(r.actor_role, r.actor_role),
                escape(r.subject),
                rules.FIELDS.get(r.field, r.field),
                escape(r.purpose),
            )
    console.print(table)
