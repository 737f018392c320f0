"""``beizeng submissions …``: the monthly submissions board and the reminder (C-4.5.1).

``remind`` is the timer's job (``docs/deployment.md`` style: daily after the due day): it sends
the in-app reminder ``ledger_missing`` to every user of each bank without a ledger for the
period, once per institution and period however often it runs.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.config import get_settings
from beizeng.console.output import console
from beizeng.console.params import parse_period
from beizeng.db import session_scope
from beizeng.kit.clock import SystemClock, today
from beizeng.kit.periods import Period
from beizeng.submission import service

app = typer.Typer(
    help="台账与统计报送：逐期查看各银行报送情况，向未报送银行发送催报提醒。",
    no_args_is_help=True,
)

PeriodOption = Annotated[
    Period, typer.Option("--period", parser=parse_period, help="报送期 YYYY-MM，如 2022-06")
]


@app.command("remind")
def remind(period: PeriodOption) -> None:
    """向本期尚未报送贷款台账的银行的全部用户发送站内催报提醒（每家银行每期只提醒一次）。"""
    clock = SystemClock()
    with session_scope() as session:
        done = service.send_reminders(
            session, period=period, settings=get_settings(), now=clock.now()
        )
    names = "、".join(escape(n) for n in done.institutions) or "无"
    console.print(
        f"{period} 贷款台账截止日 {done.due}：未报送银行 {len(done.institutions)} 家（{names}），"
        f"新发送提醒 {done.users} 条。"
    )


@app.command("board")
def board(period: PeriodOption) -> None:
    """列出本期各银行的贷款台账报送情况：是否报送、时间、版本数、逾期与否。"""
    clock = SystemClock()
    with session_scope() as session:
        found = service.system_board(
            session, period=period, settings=get_settings(), today=today(clock)
        )
    table = Table(
        "银行", "情况", "版本数", "首次报送", "笔数", title=f"{period} 报送情况（截止 {found.due}）"
    )
    for line in found.lines:
        table.add_row(
            escape(line.institution_name),
            line.standing_name,
            str(line.versions),
            f"{line.first_at:%Y-%m-%d %H:%M}" if line.first_at else "—",
            f"{line.rows:,}" if line.rows is not None else "—",
        )
    console.print(table)
