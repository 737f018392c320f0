"""``beizeng tools params``: list and load the dated tool parameters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.console.output import console
from beizeng.db import session_scope
from beizeng.tools.parameter import service

app = typer.Typer(
    help="政策工具参数（利率、比例、额度、名单，均带生效日期）。", no_args_is_help=True
)


@app.command("list")
def list_(
    tool: Annotated[str | None, typer.Option(help="只列出此工具，如 relending_smb")] = None,
) -> None:
    """列出全部参数及其生效期间。"""
    with session_scope() as session:
        values = service.list_values(session, tool=tool)
    table = Table("工具", "参数", "范围", "起", "止", "取值", "说明", title="政策工具参数")
    for v in values:
        table.add_row(
            escape(v.tool),
            escape(v.name),
            escape(v.scope),
            str(v.effective_from),
            str(v.effective_to or ""),
            escape(json.dumps(v.value, ensure_ascii=False)[:60]),
            escape(v.note or ""),
        )
    console.print(table)


@app.command("load")
def load(
    file: Annotated[
        Path | None, typer.Argument(help="参数 TOML 文件；省略则导入内置的 2022 年参数")
    ] = None,
) -> None:
    """导入参数文件：只新增行；已有行取值不同则拒绝（政策调整请用新的生效日期）。"""
    with session_scope() as session:
        report = (
            service.load_defaults(session)
            if file is None
            else service.load_file(session, path=file)
        )
    console.print(f"新增 {report.added} 行，已存在 {report.unchanged} 行。")
