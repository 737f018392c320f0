"""``beizeng tools support-tool``: the quarterly statement of the support tool (C-3.2.1)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.console.output import console, err_console
from beizeng.console.params import parse_quarter
from beizeng.db import session_scope
from beizeng.kit.files import write_output
from beizeng.kit.money import yuan_display
from beizeng.kit.periods import Quarter
from beizeng.tools.statements import support_tool_xlsx
from beizeng.tools.supporttool.rules import statement_json
from beizeng.tools.supporttool.service import issue_statement


class Format(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


def support_tool(
    quarter: Annotated[
        Quarter, typer.Option("--quarter", parser=parse_quarter, help="季度，例如 2022Q2")
    ],
    fmt: Annotated[
        Format, typer.Option("--format", help="输出格式：table、json 或 xlsx")
    ] = Format.table,
    out: Annotated[
        Path | None, typer.Option("--out", help="写入文件（xlsx 必填；json 可选）")
    ] = None,
) -> None:
    """核算并保存某季度普惠小微贷款支持工具激励资金（按现行台账，可重复核算）。"""
    if fmt is Format.xlsx and out is None:
        raise typer.BadParameter("xlsx 格式须用 --out 指定输出文件。")
    with session_scope() as session:
        stored = issue_statement(session, quarter=quarter)
    statement = stored.statement
    note = "新保存" if stored.new else "与已保存结果一致"
    if fmt is Format.json:
        text = json.dumps(statement_json(statement), ensure_ascii=False, indent=2)
        if out is None:
            console.out(text, highlight=False)
        else:
            write_output(out, text + "\n")
    elif fmt is Format.xlsx:
        assert out is not None
        write_output(out, support_tool_xlsx(statement))
    else:
        table = Table(
            "机构",
            "季初余额",
            "季末余额",
            "增量",
            "激励资金",
            title=f"普惠小微贷款支持工具 {statement.quarter}（比例 {statement.rate * 100:.2f}%）",
        )
        for line in statement.lines:
            table.add_row(
                escape(line.institution),
                yuan_display(line.opening),
                yuan_display(line.closing),
                yuan_display(line.increase),
                yuan_display(line.amount),
            )
        table.add_row("合计", "", "", "", yuan_display(statement.total))
        console.print(table)
    err_console.print(
        f"核算表第 {stored.version} 版（{note}），合计 {yuan_display(statement.total)} 元。"
        + (f" 已写入 {escape(str(out))}" if out else "")
    )
