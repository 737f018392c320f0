"""``beizeng hooks …``: the deliveries a listener could not take, and delivering them again."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.console.output import console
from beizeng.db import session_scope
from beizeng.delivery import service
from beizeng.kit.clock import SystemClock, china_minute

app = typer.Typer(help="事件订阅：查看处理失败的事件并重新投递。", no_args_is_help=True)


@app.command("list")
def list_() -> None:
    """列出尚未成功处理的事件（如台账导入后的首贷闭环）。"""
    with session_scope() as session:
        rows = service.pending(session)
        table = Table(
            "编号",
            "事件",
            "处理程序",
            "内容",
            "次数",
            "首次失败",
            "最近错误",
            title="待重新投递的事件",
        )
        for row in rows:
            table.add_row(
                str(row.id),
                escape(row.hook),
                escape(row.subscriber),
                escape(str(row.payload)),
                str(row.attempts),
                china_minute(row.failed_at),
                escape(row.error[:120]),
            )
    console.print(table if rows else "没有待重新投递的事件。")


@app.command("retry")
def retry() -> None:
    """重新投递处理失败的事件；仍失败的保留并记录错误，供下次重试（建议每小时由定时器运行）。"""
    with session_scope() as session:
        report = service.retry_pending(session, now=SystemClock().now())
    console.print(f"重新投递：成功 {report.delivered} 件，仍失败 {report.failed} 件。")
    for item in report.unknown:
        console.print(f"无法投递（处理程序已不存在）：{escape(item)}")
    if report.failed or report.unknown:
        raise typer.Exit(1)
