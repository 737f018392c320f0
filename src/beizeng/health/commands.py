"""``beizeng doctor``: the readiness checks of ``/readyz`` as a table, with what to do.

A single command, one of the root's lazy commands (``cli/app.py``): this module, with the service
it imports (SQLAlchemy, Alembic, DuckDB …), loads only when ``doctor`` runs, so ``beizeng --help``
stays fast.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng import db
from beizeng.config import get_settings
from beizeng.console.output import console
from beizeng.console.params import parse_date
from beizeng.health import service
from beizeng.health.rules import Check, is_ready
from beizeng.kit.clock import SystemClock, today


def doctor(
    on: Annotated[
        date | None,
        typer.Option(
            "--date", parser=parse_date, help="按哪一天检查节假日安排（YYYY-MM-DD，默认今天）"
        ),
    ] = None,
) -> None:
    """检查运行环境：数据库连接与结构、台账文件、节假日安排；未通过时给出处理办法。"""
    settings = get_settings()
    console.print(f"数据目录：{settings.resolved_home}")
    console.print(f"数据库：{settings.masked_database_url()}")
    engine = db.make_engine(settings.resolved_database_url)
    try:
        checks = service.run_checks(engine, settings=settings, today=on or today(SystemClock()))
    finally:
        engine.dispose()
    console.print(_table(checks))
    failed = [check for check in checks if not check.ok]
    if is_ready(checks):
        console.print("[green]全部检查通过[/]，平台可以正常提供服务。")
        return
    console.print(
        f"[red]{len(failed)} 项检查未通过[/]，请按「处理办法」处理后重新运行 beizeng doctor。"
    )
    raise typer.Exit(code=1)


def _table(checks: list[Check]) -> Table:
    table = Table(title="运行环境检查", show_lines=True)
    table.add_column("检查项", no_wrap=True)
    table.add_column("结果", no_wrap=True)
    table.add_column("说明", overflow="fold")
    table.add_column("处理办法", overflow="fold")
    for check in checks:
        table.add_row(
            check.title,
            "[green]通过[/]" if check.ok else "[red]未通过[/]",
            escape(check.detail),
            escape(check.remedy) or "—",
        )
    return table
