"""``beizeng calendar …``: load a State Council holiday notice, list the years."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.config import get_settings
from beizeng.console.output import console
from beizeng.db import session_scope
from beizeng.errors import InvalidInput
from beizeng.holiday import service
from beizeng.kit.clock import SystemClock, china_date, china_minute

app = typer.Typer(
    help="法定节假日日历：载入国务院办公厅节假日安排通知、查看各年来源。", no_args_is_help=True
)


@app.command("load")
def load(
    file: Annotated[
        Path, typer.Argument(help="一年的节假日安排 TOML 文件（year、source、holidays、workdays）")
    ],
    replace: Annotated[
        bool, typer.Option("--replace", help="替换已按其他内容载入的同一年份")
    ] = False,
) -> None:
    """载入一年的节假日安排；该年所有暂定的办理时限随即按通知重新计算。"""
    try:
        content = file.read_bytes()
    except OSError:
        raise InvalidInput(f"无法读取文件 {file}：文件不存在或没有读取权限。") from None
    now = SystemClock().now()
    with session_scope(get_settings().actor) as session:
        result = service.load_year(
            session,
            content=content,
            file=file.name,
            replace=replace,
            loaded_by=get_settings().actor,
            now=now,
        )
    source = escape(result.source)
    if result.unchanged:
        console.print(f"{result.year} 年已按「{source}」载入，内容相同，未作改动。")
        return
    verb = "已替换" if result.replaced else "已载入"
    console.print(
        f"{verb} {result.year} 年节假日安排（{source}）：放假 {result.holidays} 天，"
        f"调休上班 {result.workdays} 天；暂定的办理时限已重新计算。"
    )


@app.command("list")
def list_() -> None:
    """列出日历覆盖的年份及来源（软件包版本或国务院通知）。"""
    today = china_date(SystemClock().now())
    with session_scope() as session:
        rows = service.list_years(session, today=today)
    table = Table(
        "年份",
        "来源类别",
        "来源",
        "放假天数",
        "调休上班天数",
        "载入人",
        "载入时间",
        title="法定节假日日历",
    )
    for row in rows:
        table.add_row(
            str(row.year),
            row.kind,
            escape(row.source),
            str(row.holidays),
            str(row.workdays),
            escape(row.loaded_by or "—"),
            china_minute(row.loaded_at) if row.loaded_at else "—",
        )
    console.print(table)
