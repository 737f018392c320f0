"""``beizeng monitor …``: evaluate the plan, rankings, trends, bulletins and notices.

The group of the monitoring issue lives with the reports, not in ``monitor``: its tables print
through the report formats, ``--format xlsx`` is the indicator workbook, and the bulletin and
notices are reports; the reports read the monitor's evaluation, so the commands sit above both
and ``monitor`` imports none of them. The root table (``cli/app.py``) keeps the name.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.config import get_settings
from beizeng.console.output import console
from beizeng.console.params import ValueMalformed, parse_period
from beizeng.db import session_scope
from beizeng.errors import InvalidInput
from beizeng.kit.clock import SystemClock, china_date
from beizeng.kit.files import write_output
from beizeng.kit.periods import Period
from beizeng.monitor import service
from beizeng.monitor.commands import explain, plan_app
from beizeng.monitor.evaluation import TargetResult
from beizeng.monitor.metrics import REGISTRY
from beizeng.monitor.schemas import evaluation_out
from beizeng.reports import rules
from beizeng.reports import service as reports
from beizeng.reports.formats import margin, show
from beizeng.reports.indicator_workbook import render_workbook

app = typer.Typer(
    help="监测评价：目标计划评估、排名、走势、定期通报与督导通报。", no_args_is_help=True
)

app.add_typer(plan_app, name="plan")
app.command("explain")(explain)

T = TypeVar("T")


def _checked(rule: Callable[[str], T]) -> Callable[[str], T]:
    """A Typer parser applying ``rule`` (``reports.rules``, shared with the web): its
    ``ValueError`` becomes the usage error naming the option."""

    def parse(value: str) -> T:
        try:
            return rule(value)
        except ValueError as error:
            raise ValueMalformed(value, str(error)) from None

    return parse


PlanFile = Annotated[
    Path | None,
    typer.Option(
        "--plan", help="目标计划文件（TOML）；默认为已启用的计划版本，未载入时为内置的 2022 年计划"
    ),
]
PeriodOption = Annotated[
    Period,
    typer.Option("--period", parser=parse_period, help="评估期（月末）YYYY-MM，如 2022-12"),
]
SignedOn = Annotated[
    date | None,
    typer.Option(
        "--date",
        parser=_checked(rules.signed_on),
        help="成文日期 YYYY-MM-DD，默认今天（北京时间）",
    ),
]
VERDICT = {True: "[green]达标[/]", False: "[red]未达标[/]", None: "[yellow]无法评估[/]"}


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


def _result_table(results: list[TargetResult], title: str) -> Table:
    table = Table("目标", "主体", "实际值", "比较基准", "差额", "结果", "原因", title=title)
    for r in results:
        first = r.first
        table.add_row(
            escape(r.target.title),
            escape(r.subject.name),
            show(first.actual.value, first.unit),
            show(first.benchmark.value, first.unit),
            str(margin(first)),
            VERDICT[r.met],
            escape(r.verdict.reason or ""),
        )
    return table


@app.command("evaluate")
def evaluate(
    period: PeriodOption,
    plan: PlanFile = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="输出格式：table（表格）、json、xlsx")
    ] = OutputFormat.table,
    out: Annotated[
        Path | None, typer.Option("--out", help="输出文件；json 缺省时打印到屏幕")
    ] = None,
) -> None:
    """按目标计划评估全市、各县、各机构及机构类别的指标完成情况。"""
    month = period
    if fmt is OutputFormat.xlsx and out is None:
        raise InvalidInput("xlsx 格式需要用 --out 指定输出文件。")
    with session_scope() as session:
        loaded = service.load_plan(plan, session=session)
        evaluation = service.evaluate(session, plan=loaded, period=month)
    if fmt is OutputFormat.json:
        text = json.dumps(
            evaluation_out(evaluation).model_dump(mode="json"), ensure_ascii=False, indent=2
        )
        if out is None:
            typer.echo(text)
        else:
            write_output(out, text + "\n")
            console.print(f"已写入 {escape(str(out))}")
        return
    if fmt is OutputFormat.xlsx:
        assert out is not None
        write_output(out, render_workbook(evaluation))
        console.print(f"已写入 {escape(str(out))}")
        return
    console.print(_result_table(list(evaluation.results), f"{escape(loaded.title)}（{month}）"))
    met = sum(1 for r in evaluation.results if r.met is True)
    console.print(f"共 {len(evaluation.results)} 项，达标 {met} 项。")


@app.command("rank")
def rank(
    period: PeriodOption,
    plan: PlanFile = None,
    target: Annotated[str | None, typer.Option("--target", help="只显示此目标的排名")] = None,
) -> None:
    """按各目标的完成差额对机构排名。"""
    month = period
    with session_scope() as session:
        evaluation = service.evaluate(
            session, plan=service.load_plan(plan, session=session), period=month
        )
    for rows in service.rankings(evaluation, target=target).values():
        title = escape(rows[0][1].target.title)
        table = Table("名次", "机构", "实际值", "比较基准", "差额", "结果", title=title)
        for position, r in rows:
            first = r.first
            table.add_row(
                "—" if position is None else str(position),
                escape(r.subject.name),
                show(first.actual.value, first.unit),
                show(first.benchmark.value, first.unit),
                str(margin(first)),
                VERDICT[r.met],
            )
        console.print(table)


@app.command("counties")
def counties(period: PeriodOption, plan: PlanFile = None) -> None:
    """各县（市、区）主要指标：余额、同比增速、户数。"""
    month = period
    with session_scope() as session:
        evaluation = service.evaluate(
            session, plan=service.load_plan(plan, session=session), period=month
        )
    metrics = ("loans", "inclusive_smb", "inclusive_smb_borrowers", "first_loan_borrowers")
    table = Table(
        "县（市、区）", *[REGISTRY[m].name for m in metrics], "各项贷款同比", title=str(month)
    )
    for subject in evaluation.subjects:
        if subject.level != "county":
            continue
        cells = []
        for m in metrics:
            item = evaluation.indicator(m, "county", subject.code)
            cells.append(show(item.snapshots.value.value if item else None, REGISTRY[m].unit))
        loans = evaluation.indicator("loans", "county", subject.code)
        growth = loans.snapshots.measure("growth").value if loans else None
        table.add_row(escape(subject.name), *cells, show(growth, "fraction"))
    console.print(table)


@app.command("trend")
def trend(
    period: PeriodOption,
    plan: PlanFile = None,
    subject: Annotated[
        str, typer.Option("--subject", help="主体：141100、县区代码、机构代码、national、local")
    ] = "141100",
    months: Annotated[int, typer.Option("--months", min=1, max=120, help="月数")] = 24,
    metric: Annotated[
        list[str] | None, typer.Option("--metric", help="指标（可重复）；默认全部")
    ] = None,
) -> None:
    """指标按月走势（默认最近 24 个月）。"""
    month = period
    with session_scope() as session:
        rows = service.trends(
            session,
            plan=service.load_plan(plan, session=session),
            period=month,
            months=months,
            subject=subject,
            metrics=metric,
        )
    table = Table(
        "期间",
        *[REGISTRY[t.metric].name for t in rows],
        title=escape(rows[0].subject.name) if rows else "",
    )
    for i in range(len(rows[0].points) if rows else 0):
        table.add_row(
            str(rows[0].points[i][0]),
            *[show(t.points[i][1], REGISTRY[t.metric].unit) for t in rows],
        )
    console.print(table)


@app.command("bulletin")
def bulletin(
    period: PeriodOption,
    out: Annotated[Path, typer.Option("--out", help="通报文件路径（.docx）")],
    plan: PlanFile = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="同时写出指标工作簿（.xlsx）")] = None,
    number: Annotated[
        str | None,
        typer.Option(
            "--number",
            parser=_checked(rules.document_number),
            help="发文字号（GB/T 9704：机关代字〔年份〕序号号），默认 银吕发〔年〕月号",
        ),
    ] = None,
    signed: SignedOn = None,
    pdf: Annotated[
        bool,
        typer.Option(
            "--pdf/--no-pdf", help="同时用 LibreOffice 生成 PDF（与 docx 同名，扩展名 .pdf）"
        ),
    ] = True,
) -> None:
    """生成定期通报（GB/T 9704 公文格式 docx，默认另附 PDF）：目标完成情况、分机构分县表格、
    图表、平台服务义务、整改情况。成文日期用 --date、发文字号用 --number 指定。"""
    month = period
    day = _date(signed)
    with session_scope() as session:
        written = reports.write_bulletin(
            session,
            plan=service.load_plan(plan, session=session),
            period=month,
            out=out,
            xlsx=xlsx,
            pdf=out.with_suffix(".pdf") if pdf else None,
            number=number,
            signed_on=day,
            rectification_workdays=get_settings().rectification_workdays,
        )
    console.print(f"已生成通报：{escape(str(written.docx))}")
    if written.pdf:
        console.print(f"已生成 PDF：{escape(str(written.pdf))}")
    if written.xlsx:
        console.print(f"已生成指标工作簿：{escape(str(written.xlsx))}")


@app.command("notices")
def notices(
    period: PeriodOption,
    out: Annotated[Path, typer.Option("--out", help="另存副本的输出目录")],
    plan: PlanFile = None,
    signed: SignedOn = None,
) -> None:
    """向未达标机构发督导通报、向其上级管理行发函（双线），登记发文记录并通知相关机构用户。

    通报保存在 $BEIZENG_HOME/notices/ 下，机构在平台签收并报送整改措施；本期已通报的机构不再重复发文。"""
    month = period
    day = _date(signed)
    settings = get_settings()
    with session_scope() as session:
        issued = reports.issue_notices(
            session,
            plan=service.load_plan(plan, session=session),
            period=month,
            out_dir=out,
            signed_on=day,
            settings=settings,
            now=SystemClock().now(),
        )
    console.print(
        f"共向 {len(issued.institutions)} 家机构发出督导通报，生成 {len(issued.files)} 个文件："
    )
    for path in issued.files:
        console.print(f"  {escape(str(path))}")
    if issued.skipped:
        console.print(f"本期已通报、未重复发文：{escape('、'.join(issued.skipped))}")


def _date(given: date | None) -> date:
    """The ``--date`` given, else today in China: a server on UTC would otherwise date a bulletin
    written before 08:00 Beijing time with yesterday (consolidation issue, point 3)."""
    return given or china_date(SystemClock().now())
