"""``beizeng calendar …``: load a State Council holiday notice, list the years; and
``beizeng ref workdays …``, the working-day arithmetic on the loaded calendar (the root table in
``cli/app.py`` adds ``workdays_app`` to the reference group)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.config import get_settings
from beizeng.console.output import console, err_console
from beizeng.console.params import parse_date
from beizeng.db import session_scope
from beizeng.errors import InvalidInput
from beizeng.holiday import service
from beizeng.kit.clock import SystemClock, china_date, china_minute
from beizeng.reference import workdays
from beizeng.reference.commands import day_label, fields_table
from beizeng.reference.workdays import WorkCalendar

app = typer.Typer(
    help="法定节假日日历：载入国务院办公厅节假日安排通知、查看各年来源。", no_args_is_help=True
)
workdays_app = typer.Typer(help="按法定节假日和调休计算工作日。", no_args_is_help=True)


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


def _calendar() -> WorkCalendar:
    with session_scope() as session:
        return service.work_calendar(session)


def _warn_provisional(calendar: WorkCalendar, a: date, b: date) -> None:
    for year in calendar.provisional_years(a, b):
        err_console.print(f"警告：{workdays.provisional_warning(year)}", markup=False)


@workdays_app.command("add")
def workdays_add(
    begin: Annotated[date, typer.Argument(parser=parse_date, help="起始日期 YYYY-MM-DD（不计入）")],
    n: Annotated[int, typer.Argument(help="工作日数")],
) -> None:
    """起始日期之后第 N 个工作日（起始日不计，法定节假日不计，调休上班日计入）。"""
    calendar = _calendar()
    result = calendar.add_workdays(begin, n)
    rows = [("起始日期", day_label(begin)), ("工作日数", str(n)), ("结果", day_label(result))]
    console.print(fields_table("工作日推算", rows))
    _warn_provisional(calendar, begin, result)


@workdays_app.command("between")
def workdays_between(
    start: Annotated[date, typer.Argument(parser=parse_date, help="开始日期 YYYY-MM-DD（不计入）")],
    end: Annotated[date, typer.Argument(parser=parse_date, help="结束日期 YYYY-MM-DD（计入）")],
) -> None:
    """两个日期之间的工作日数：开始日之后至结束日（含）。"""
    a, b = start, end
    calendar = _calendar()
    count = calendar.workdays_between(a, b)
    rows = [
        ("开始日期（不含）", day_label(a)),
        ("结束日期（含）", day_label(b)),
        ("工作日数", str(count)),
    ]
    console.print(fields_table("工作日计数", rows))
    _warn_provisional(calendar, a, b)
