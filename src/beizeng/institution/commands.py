"""``beizeng institutions …``: import and list the registry."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.config import get_settings
from beizeng.console.output import console
from beizeng.db import session_scope
from beizeng.institution import rules, service
from beizeng.reference.regions import get_region

app = typer.Typer(help="金融机构名录：导入与查询。", no_args_is_help=True)


@app.command("import")
def import_(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="机构名录 CSV/XLSX（code,name,category,legal_scope,county_code,superior）"
        ),
    ] = None,
    packaged: Annotated[
        bool, typer.Option("--packaged", help="导入随软件提供的吕梁市 2022 年机构名录")
    ] = False,
) -> None:
    """导入机构名录：全部校验通过才写入；按机构代码新增或更新，历史保存在审计日志。"""
    if file is None and not packaged:
        raise typer.BadParameter("请指定文件，或使用 --packaged 导入内置的吕梁市机构名录。")
    path = service.packaged_registry() if file is None else file
    with session_scope() as session:
        summary = service.import_registry(session, path=path, settings=get_settings())
    console.print(
        f"已导入 {escape(summary.file)}：新增 {len(summary.created)} 家，更新 {len(summary.updated)} 家，"
        f"未变 {len(summary.unchanged)} 家。"
    )


@app.command("list")
def list_(
    category: Annotated[str | None, typer.Option(help="只列出此类别（如 rural_bank）")] = None,
    legal_scope: Annotated[
        str | None, typer.Option(help="只列出 national（全国性）或 local（地方法人）")
    ] = None,
) -> None:
    """列出名录中的机构。"""
    with session_scope() as session:
        rows = service.list_institutions(session, category=category, legal_scope=legal_scope)
        table = Table(
            "代码", "名称", "类别", "法人属性", "所在县区", "上级管理行", title="金融机构名录"
        )
        for row in rows:
            table.add_row(
                escape(row.code),
                escape(row.name),
                escape(rules.CATEGORIES.get(row.category, row.category)),
                escape(rules.LEGAL_SCOPES.get(row.legal_scope, row.legal_scope)),
                escape(get_region(row.county_code).name),
                escape(row.superior or ""),
            )
    console.print(table)
    console.print(f"共 {len(rows)} 家机构。")
