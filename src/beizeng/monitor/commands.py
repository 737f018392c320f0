"""``beizeng monitor plan …``: load a target plan file as a new version, list the versions;
``beizeng monitor explain``: a figure down to the rows it counts (issue 14 point 3).

The same store as pboc's upload in the web (issue 13 point 4): the file is validated with
``parse_plan`` (every problem in Chinese with its line and field), kept as the next version,
which becomes the plan every evaluation, bulletin and notice uses, and audit-logged. The group is
added to ``beizeng monitor`` by ``reports/commands.py``.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.access.principal import Principal
from beizeng.config import get_settings
from beizeng.console.output import console
from beizeng.console.params import parse_period
from beizeng.db import session_scope
from beizeng.errors import InvalidInput
from beizeng.kit.clock import SystemClock, china_minute
from beizeng.kit.files import write_output
from beizeng.kit.periods import Period
from beizeng.monitor import lineage, service
from beizeng.monitor.explain_out import explanation_out
from beizeng.monitor.explain_workbook import render_explain_workbook
from beizeng.monitor.measured import MEASURE_HELP

plan_app = typer.Typer(help="目标计划版本：载入新的计划文件、查看各版本。", no_args_is_help=True)


@plan_app.command("load")
def load(
    file: Annotated[Path, typer.Argument(help="目标计划文件（UTF-8 编码的 TOML，不超过 64 KB）")],
    note: Annotated[str | None, typer.Option("--note", help="版本说明，如「2023 年目标」")] = None,
) -> None:
    """载入目标计划文件，保存为新版本并启用；此后的评估、通报与督导通报均按此计划。"""
    try:
        with file.open("rb") as handle:
            content = handle.read(service.MAX_PLAN_BYTES + 1)
    except OSError:
        raise InvalidInput(f"无法读取文件 {file}：文件不存在或没有读取权限。") from None
    settings = get_settings()
    with session_scope(settings.actor) as session:
        row = service.keep_plan(
            session,
            content=content,
            source=file.name,
            note=note,
            loaded_by=settings.actor,
            now=SystemClock().now(),
        )
        version, title, targets = (
            row.version,
            row.title,
            len(service.active_plan(session).plan.targets),
        )
    console.print(
        f"已载入第 {version} 版目标计划「{escape(title)}」（{targets} 项目标），现已启用。"
    )


@plan_app.command("choose")
def choose(
    version: Annotated[int, typer.Argument(min=1, max=1_000_000, help="版本号（plan list 所列）")],
) -> None:
    """重新启用已载入的某一版目标计划。"""
    settings = get_settings()
    with session_scope(settings.actor) as session:
        row = service.activate_version(session, version=version, now=SystemClock().now())
        title = row.title
    console.print(f"已启用第 {version} 版目标计划「{escape(title)}」。")


@plan_app.command("list")
def list_() -> None:
    """列出已载入的目标计划版本（载入人、时间、说明）及当前启用的版本。"""
    with session_scope() as session:
        versions = service.stored_plans(session)
        active = versions.active.id if versions.active else None
        table = Table(
            "版本", "计划", "文件", "载入人", "载入时间", "说明", "启用", title="目标计划版本"
        )
        for row in versions.rows:
            table.add_row(
                str(row.version),
                escape(row.title),
                escape(row.source),
                escape(row.loaded_by),
                china_minute(row.loaded_at),
                escape(row.note or ""),
                "是" if row.id == active else "",
            )
    if not versions.rows:
        console.print(f"尚未载入目标计划，使用内置计划「{escape(versions.default_title)}」。")
        return
    console.print(table)


class ExplainFormat(StrEnum):
    json = "json"
    xlsx = "xlsx"


def operator(actor: str) -> Principal:
    """The operator at the machine: the city's pboc reach, as the other ``beizeng monitor``
    commands read every figure (the web asks the signed-in user's reach instead)."""
    return Principal(0, actor, "命令行操作员", "pboc")


def explain(
    period: Annotated[
        Period,
        typer.Option("--period", parser=parse_period, help="期间（月末）YYYY-MM，如 2022-12"),
    ],
    metric: Annotated[str, typer.Option("--metric", help="指标代码，如 inclusive_smb")],
    subject: Annotated[
        str,
        typer.Option(
            "--subject",
            help="主体：141100（全市）、县区代码、机构代码、national/local 或 机构代码:县区代码",
        ),
    ],
    fmt: Annotated[
        ExplainFormat, typer.Option("--format", help="输出格式：json 或 xlsx")
    ] = ExplainFormat.json,
    out: Annotated[
        Path | None, typer.Option("--out", help="输出文件；json 缺省时打印到屏幕，xlsx 必须指定")
    ] = None,
    measure: Annotated[
        str,
        typer.Option("--measure", help=MEASURE_HELP),
    ] = "value",
) -> None:
    """指标溯源：某一主体某期指标的数值、构成（分县、分机构、分借款人类型、分口径）及计入的每一笔台账（含报送记录编号、版本和计入原因）。"""
    if fmt is ExplainFormat.xlsx and out is None:
        raise InvalidInput("xlsx 格式需要用 --out 指定输出文件。")
    settings = get_settings()
    with session_scope(settings.actor) as session:
        explanation = lineage.explain(
            session,
            principal=operator(settings.actor),
            period=period,
            metric=metric,
            subject=subject,
            measure=measure,
        )
    if fmt is ExplainFormat.xlsx:
        assert out is not None
        write_output(out, render_explain_workbook(explanation))
        console.print(f"已写入 {escape(str(out))}")
        return
    text = json.dumps(
        explanation_out(explanation).model_dump(mode="json"), ensure_ascii=False, indent=2
    )
    if out is None:
        typer.echo(text)
        return
    write_output(out, text + "\n")
    console.print(f"已写入 {escape(str(out))}")
