"""``beizeng platform …``: the daily sweep of reply deadlines and the late replies per bank."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from beizeng.cli.output import console
from beizeng.db import session_scope
from beizeng.deadline import service as sweeping
from beizeng.demand.rules import STATUSES
from beizeng.errors import InvalidInput
from beizeng.kit.clock import SystemClock, today
from beizeng.kit.periods import Period

app = typer.Typer(help="综合金融服务平台：受理回复时限。", no_args_is_help=True)


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"日期「{text}」格式不正确，应为 YYYY-MM-DD，例如 2022-06-13。") from exc


@app.command("sweep")
def sweep(
    on: Annotated[
        str | None, typer.Option("--date", help="按哪一天检查（YYYY-MM-DD，默认今天）")
    ] = None,
) -> None:
    """列出明天（下一个工作日）到期和已逾期未回复的融资需求：按银行分列，并给人民银行汇总。"""
    day = _parse_day(on) if on else today(SystemClock())
    with session_scope() as session:
        report = sweeping.sweep(session, today=day)
    for bank in report.banks:
        table = Table(
            "需求",
            "企业",
            "状态",
            "回复期限",
            "情况",
            title=f"{bank.institution_name}（{bank.institution_code}）",
        )
        for item in bank.overdue + bank.due_soon:
            style = "bold red" if item.overdue else None
            table.add_row(
                f"#{item.demand_id}",
                item.enterprise_name,
                STATUSES[item.status],
                str(item.deadline),
                item.label,
                style=style,
            )
        console.print(table)
    console.print(
        f"人民银行汇总（{day}）：逾期未回复 {report.overdue_total} 笔，即将到期 {report.due_soon_total} 笔，涉及 {len(report.banks)} 家银行。"
    )


@app.command("overdue")
def overdue(period: Annotated[str, typer.Argument(help="期间 YYYY-MM")]) -> None:
    """某月到期的需求中逾期回复的数量，按银行统计（用于通报）。"""
    p = Period.parse(period)
    with session_scope() as session:
        counts = sweeping.overdue_counts(session, p, today=min(today(SystemClock()), p.end))
    table = Table("机构代码", "逾期回复", title=f"{p} 逾期回复")
    for code, n in sorted(counts.items()):
        table.add_row(code, str(n))
    console.print(table)
