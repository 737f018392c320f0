"""``beizeng notices …``: the rectification reminder sweep (a timer) and the tracking table.

Issuing stays ``beizeng monitor notices`` (the reports' group) and the pages at
``/notices/issue``; this group follows what was issued."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.account.service import principal_named
from beizeng.config import get_settings
from beizeng.console.output import console
from beizeng.console.params import parse_period
from beizeng.db import session_scope
from beizeng.kit.clock import SystemClock, china_minute
from beizeng.kit.periods import Period
from beizeng.notice import service

app = typer.Typer(help="督导通报整改跟踪：整改到期提醒、跟踪表。", no_args_is_help=True)


@app.command("remind")
def remind() -> None:
    """向整改期限将至（截止前 3 个工作日内）或已逾期未报送整改措施的机构用户发送提醒；每份通报每类提醒只发一次，可由定时任务反复运行。"""
    settings = get_settings()
    with session_scope("notices-remind") as session:
        sent = service.remind(session, settings=settings, now=SystemClock().now())
    console.print(f"已提醒：整改期限将至 {sent.due} 份，已逾期 {sent.overdue} 份。")


@app.command("list")
def list_notices(
    user: Annotated[
        str, typer.Option("--user", help="以哪个人民银行或政府部门用户的身份查看（用户名）")
    ],
    period: Annotated[
        Period | None,
        typer.Option("--period", parser=parse_period, help="评估期（月末）YYYY-MM，默认最近一期"),
    ] = None,
) -> None:
    """督导通报跟踪表：每份通报的签收、整改措施报送与逾期情况（县级支行用户只看本县机构）。"""
    with session_scope() as session:
        principal = principal_named(session, user)
        table = service.tracking(
            session, principal=principal, now=SystemClock().now(), period=period
        )
        out = Table(
            "文号",
            "机构",
            "印发日期",
            "整改截止",
            "签收",
            "整改措施报送",
            "状态",
            title=f"{table.period or '—'} 督导通报跟踪（共 {len(table.rows)} 份）",
        )
        for row in table.rows:
            n = row.notice
            out.add_row(
                escape(n.number or "—"),
                escape(row.institution.name),
                str(n.issued_on or "—"),
                str(n.deadline or "—"),
                china_minute(n.acknowledged_at) if n.acknowledged_at else "未签收",
                china_minute(row.filed_at) if row.filed_at else "未报送",
                row.stage_name,
            )
    console.print(out)
