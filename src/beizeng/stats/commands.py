"""``beizeng stats …``: the institution-statistics template and its import."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from beizeng.config import get_settings
from beizeng.console.output import console
from beizeng.db import session_scope
from beizeng.stats import service, template

app = typer.Typer(help="机构统计（存款、再贷款余额等）：模板与导入。", no_args_is_help=True)

SHOWN_WARNINGS = 20


@app.command("template")
def stats_template(
    out: Annotated[Path, typer.Option("--out", help="模板文件路径（.xlsx）")],
) -> None:
    """生成机构统计 Excel 模板（期间、机构代码、指标、数值）。"""
    template.write_stats_template(out)
    console.print(f"已生成机构统计模板：{escape(str(out))}")


@app.command("import")
def stats_import(
    file: Annotated[
        Path, typer.Argument(help="机构统计文件（period,institution_code,metric,value）")
    ],
) -> None:
    """导入机构统计：全部校验通过才入库；同一期间、机构、指标再次导入时取代旧值。"""
    with session_scope() as session:
        report = service.import_stats(session, path=file, settings=get_settings())
    console.print(
        f"已导入 {escape(report.file)}：新增 {report.created} 个数值（其中取代旧值 {report.superseded} 个），"
        f"未变 {report.unchanged} 个。"
    )
    for warning in report.warnings[:SHOWN_WARNINGS]:
        console.print("  [yellow]提示：[/]" + escape(warning.describe()), soft_wrap=True)
