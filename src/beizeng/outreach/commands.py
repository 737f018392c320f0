"""``beizeng outreach …``: upload a no-loan list, set capacities, the daily idle sweep, the funnel."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.account.service import principal_named
from beizeng.config import get_settings
from beizeng.console.output import console
from beizeng.console.params import parse_period
from beizeng.db import session_scope
from beizeng.kit import numbers
from beizeng.kit.clock import SystemClock
from beizeng.kit.periods import Period
from beizeng.outreach import funnel as funnels
from beizeng.outreach import rules
from beizeng.outreach.assignment import DEFAULT_IDLE_WORKDAYS, assign_waiting, set_capacity
from beizeng.outreach.lists import upload_list
from beizeng.outreach.reassignment import reassign_idle
from beizeng.outreach.schemas import RunReport

app = typer.Typer(help="首贷拓展：无贷户名单、分配、对接与漏斗。", no_args_is_help=True)
User = Annotated[str, typer.Option("--user", help="以哪个平台用户的身份操作（用户名）")]


def _print_run(report: RunReport) -> None:
    table = Table(
        "银行",
        "分配户数",
        title=f"分配结果（银行在县域的放贷记录取自 {report.presence_period or '—'}）",
    )
    for code, n in sorted(report.per_bank.items()):
        table.add_row(escape(code), str(n))
    console.print(table)
    console.print(
        f"已分配 {report.assigned} 户（其中 {report.city_basis} 户因所在县无放贷银行由全市银行承接），"
        f"待分配 {report.waiting} 户。"
    )


@app.command("upload")
def upload(
    file: Annotated[Path, typer.Argument(help="名单文件（CSV 或 XLSX，UTF-8 或 GBK）")],
    user: User,
    title: Annotated[str | None, typer.Option(help="名单名称")] = None,
    as_of: Annotated[
        Period | None,
        typer.Option(
            "--as-of",
            parser=parse_period,
            help="对照哪一期台账剔除已有贷款主体（YYYY-MM，默认最新）",
        ),
    ] = None,
    idle_workdays: Annotated[
        int, typer.Option(help="银行未对接即转派的工作日数")
    ] = DEFAULT_IDLE_WORKDAYS,
) -> None:
    """上传无贷户名单：逐行校验（有错整份不导入），剔除已有贷款主体，按县域与容量分配给银行。"""
    with session_scope() as session:
        report = upload_list(
            session,
            settings=get_settings(),
            principal=principal_named(session, user),
            path=file,
            now=SystemClock().now(),
            title=title,
            as_of=as_of,
            idle_workdays=idle_workdays,
        )
    console.print(
        f"名单 #{report.list_id}：{report.rows} 行，剔除 {report.as_of or '—'} 台账中已有贷款的 "
        f"{report.removed_borrowers} 户，纳入 {report.entities} 户。"
    )
    _print_run(report.run)


@app.command("capacity")
def capacity(
    institution: Annotated[str, typer.Argument(help="银行机构代码")],
    households: Annotated[int, typer.Argument(help="同时跟进的户数上限")],
    user: User,
) -> None:
    """人民银行设定银行承接无贷户的容量。"""
    with session_scope() as session:
        set_capacity(
            session,
            principal=principal_named(session, user),
            institution_code=institution,
            capacity=households,
        )
    console.print(f"{escape(institution)} 的容量已设为 {households} 户。")


@app.command("sweep")
def sweep() -> None:
    """每日运行：把超过期限仍未对接的无贷户转派给其他银行，再分配等待中的主体。"""
    now = SystemClock().now()
    with session_scope() as session:
        handed = reassign_idle(session, actor="outreach-sweep", now=now)
        fresh = assign_waiting(session, actor="outreach-sweep", now=now)
    console.print(f"转派 {handed.assigned} 户（{handed.waiting} 户暂无可转派银行）。")
    _print_run(fresh)


@app.command("funnel")
def funnel(
    user: User,
    by: Annotated[
        str, typer.Option(help="bank（按银行）、county（按县区）或 list（按名单）")
    ] = "bank",
) -> None:
    """首贷拓展漏斗：已分配 → 已对接 → 提出需求 → 获得授信 → 获得首贷，附各步中位工作日。"""
    with session_scope() as session:
        rows = funnels.funnel(session, principal=principal_named(session, user), by=by)
    table = Table(funnels.GROUPINGS.get(by, by), *rules.STAGES.values(), "台账记入首贷")
    for r in rows:
        cells = [
            f"{r.counts[s]}"
            + (
                f"（中位 {numbers.workdays(r.median_days[s])}）"
                if r.median_days.get(s) is not None
                else ""
            )
            for s in rules.STAGES
        ]
        table.add_row(escape(r.name), *cells, str(r.credited_first_loans))
    console.print(table)
