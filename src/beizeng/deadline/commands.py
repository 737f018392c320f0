"""``beizeng platform …``: the daily sweep of reply deadlines and the late replies per bank.

The group keeps its name (``beizeng platform``, a contract with the timers and scripts); its use
cases are the deadline slice's.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.config import get_settings
from beizeng.console.output import console
from beizeng.console.params import parse_date, parse_period
from beizeng.db import session_scope
from beizeng.deadline import service as sweeping
from beizeng.demand.rules import STATUSES
from beizeng.kit.clock import SystemClock, today
from beizeng.kit.periods import Period

app = typer.Typer(help="综合金融服务平台：受理回复时限。", no_args_is_help=True)


@app.command("sweep")
def sweep(
    on: Annotated[
        date | None,
        typer.Option("--date", parser=parse_date, help="按哪一天检查（YYYY-MM-DD，默认今天）"),
    ] = None,
) -> None:
    """列出明天（下一个工作日）到期和已逾期未回复的融资需求：按银行分列，并给人民银行汇总；向明天到期的银行用户发送站内提醒（每笔需求每个期限只提醒一次）。"""
    clock = SystemClock()
    day = on or today(clock)
    with session_scope() as session:
        report = sweeping.sweep(session, today=day)
        reminded = sweeping.remind_due(session, settings=get_settings(), today=day, now=clock.now())
    for bank in report.banks:
        table = Table(
            "需求",
            "企业",
            "状态",
            "回复期限",
            "情况",
            title=f"{escape(bank.institution_name)}（{escape(bank.institution_code)}）",
        )
        for item in bank.overdue + bank.due_soon:
            style = "bold red" if item.overdue else None
            table.add_row(
                f"#{item.demand_id}",
                escape(item.enterprise_name),
                STATUSES[item.status],
                str(item.deadline),
                item.label,
                style=style,
            )
        console.print(table)
    console.print(
        f"人民银行汇总（{day}）：逾期未回复 {report.overdue_total} 笔，即将到期 {report.due_soon_total} 笔，涉及 {len(report.banks)} 家银行；已向银行发送明日到期提醒 {reminded} 条。"
    )


@app.command("overdue")
def overdue(
    period: Annotated[Period, typer.Argument(parser=parse_period, help="期间 YYYY-MM")],
) -> None:
    """某月到期的需求中逾期回复的数量，按银行统计（用于通报）。"""
    with session_scope() as session:
        counts = sweeping.overdue_counts(
            session, period, today=min(today(SystemClock()), period.end)
        )
    table = Table("机构代码", "逾期回复", title=f"{period} 逾期回复")
    for code, n in sorted(counts.items()):
        table.add_row(escape(code), str(n))
    console.print(table)
