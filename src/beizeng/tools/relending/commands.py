"""``beizeng tools relending|carbon|coal``: apply, approve, repay, roll over, list (C-3.2.2, C-3.2.4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.account.commands import PasswordStdin, SignInUser, TokenStdin, signed_in
from beizeng.config import get_settings
from beizeng.console.output import console
from beizeng.console.params import parse_date, parse_decimal, parse_period
from beizeng.db import session_scope
from beizeng.kit.clock import SystemClock
from beizeng.kit.files import write_output
from beizeng.kit.money import yuan_display
from beizeng.kit.periods import Period
from beizeng.tools.relending import service
from beizeng.tools.relending.batchfile import read_batch_file
from beizeng.tools.relending.rules import PROGRAMMES
from beizeng.tools.statements import relending_xlsx
from beizeng.tools.stats_export import write_stats_csv


def _show(batch: service.BatchView) -> None:
    console.print(
        f"批次 {batch.id}｜{PROGRAMMES[batch.programme]}｜{escape(batch.institution_code)}｜{service.STATUS[batch.status]}｜"
        f"合格金额 {yuan_display(batch.eligible_amount)} 元｜利率 {batch.rate * 100:.2f}%｜在贷 {yuan_display(batch.outstanding)} 元"
    )
    if batch.ineligible:
        table = Table(
            "借据编号", "借款人", "余额", "不合格原因", title="不符合条件的贷款（未计入）"
        )
        for item in batch.ineligible:
            table.add_row(
                escape(item.loan_id),
                escape(item.borrower_name),
                yuan_display(item.balance),
                escape(item.reasons or ""),
            )
        console.print(table)


def make_app(programmes: tuple[str, ...], help_text: str) -> typer.Typer:
    """A command group for one family of programmes (relending, carbon, coal share the service)."""
    app = typer.Typer(help=help_text, no_args_is_help=True)
    default = programmes[0]

    @app.command("apply")
    def apply(
        file: Annotated[
            Path,
            typer.Argument(help="贷款清单 CSV/XLSX（借据编号, 贷款余额[, 项目类别, 碳减排量]）"),
        ],
        bank: Annotated[str, typer.Option("--bank", help="申请机构代码")],
        period: Annotated[
            Period, typer.Option("--period", parser=parse_period, help="贷款所在台账期间 YYYY-MM")
        ],
        programme: str = typer.Option(
            default, "--programme", help="项目：" + "、".join(programmes)
        ),
        term: Annotated[str, typer.Option("--term", help="期限：3m、6m 或 1y")] = "1y",
        on: Annotated[
            date | None,
            typer.Option("--on", parser=parse_date, help="申请日期 YYYY-MM-DD（默认今天）"),
        ] = None,
        user: SignInUser = None,
        password_stdin: PasswordStdin = False,
        token: TokenStdin = False,
    ) -> None:
        """先贷后借：逐笔核对台账与项目条件，登记合格金额（待另一人审批）。"""
        lines = read_batch_file(file, max_bytes=get_settings().max_upload_bytes)
        actor = signed_in(user, password_stdin=password_stdin, token=token)
        with session_scope(actor.username) as session:
            batch = service.apply_batch(
                session,
                principal=actor,
                programme=programme,
                institution_code=bank,
                period=period,
                term=term,
                lines=lines,
                applied_on=on or date.today(),
                file=file.name,
            )
        _show(batch)

    @app.command("approve")
    def approve(
        batch_id: Annotated[int, typer.Argument(help="批次编号")],
        draw_date: Annotated[
            date, typer.Option("--date", parser=parse_date, help="发放日期 YYYY-MM-DD")
        ],
        user: SignInUser = None,
        password_stdin: PasswordStdin = False,
        token: TokenStdin = False,
    ) -> None:
        """审批并发放（审批人不能是录入人，须以动态口令登录）。"""
        actor = signed_in(user, password_stdin=password_stdin, token=token)
        with session_scope(actor.username) as session:
            _show(
                service.approve_batch(
                    session,
                    principal=actor,
                    batch_id=batch_id,
                    draw_date=draw_date,
                    now=SystemClock().now(),
                )
            )

    @app.command("reject")
    def reject(
        batch_id: int,
        reason: Annotated[str, typer.Option("--reason")],
        user: SignInUser = None,
        password_stdin: PasswordStdin = False,
        token: TokenStdin = False,
    ) -> None:
        """退回批次（审核人不能是录入人，须以动态口令登录）。"""
        actor = signed_in(user, password_stdin=password_stdin, token=token)
        with session_scope(actor.username) as session:
            _show(
                service.reject_batch(
                    session,
                    principal=actor,
                    batch_id=batch_id,
                    reason=reason,
                    now=SystemClock().now(),
                )
            )

    @app.command("repay")
    def repay(
        batch_id: int,
        amount: Annotated[
            Decimal, typer.Option("--amount", parser=parse_decimal, help="还款金额（元）")
        ],
        on: Annotated[date, typer.Option("--date", parser=parse_date, help="还款日期 YYYY-MM-DD")],
        user: SignInUser = None,
        password_stdin: PasswordStdin = False,
        token: TokenStdin = False,
    ) -> None:
        """登记归还。"""
        actor = signed_in(user, password_stdin=password_stdin, token=token)
        with session_scope(actor.username) as session:
            _show(
                service.repay(
                    session, principal=actor, batch_id=batch_id, amount=amount, repaid_on=on
                )
            )

    @app.command("rollover")
    def rollover(
        batch_id: int,
        user: SignInUser = None,
        password_stdin: PasswordStdin = False,
        token: TokenStdin = False,
    ) -> None:
        """展期一次（碳减排支持工具最多两次；须以动态口令登录）。"""
        actor = signed_in(user, password_stdin=password_stdin, token=token)
        with session_scope(actor.username) as session:
            _show(service.rollover(session, principal=actor, batch_id=batch_id))

    @app.command("list")
    def list_(
        bank: Annotated[str | None, typer.Option("--bank", help="只看本机构")] = None,
        out: Annotated[Path | None, typer.Option("--out", help="另存 XLSX 台账")] = None,
    ) -> None:
        """列出批次与在贷余额。"""
        with session_scope() as session:
            batches = [
                b
                for p in programmes
                for b in service.all_batches(session, institution_code=bank, programme=p)
            ]
        table = Table(
            "批次",
            "项目",
            "机构",
            "状态",
            "合格金额",
            "利率",
            "发放日",
            "到期日",
            "在贷余额",
            title="再贷款台账",
        )
        for b in batches:
            table.add_row(
                str(b.id),
                PROGRAMMES[b.programme],
                escape(b.institution_code),
                service.STATUS[b.status],
                yuan_display(b.eligible_amount),
                f"{b.rate * 100:.2f}%",
                str(b.draw_date or ""),
                str(b.maturity_date or ""),
                yuan_display(b.outstanding),
            )
        console.print(table)
        if out:
            write_output(out, relending_xlsx(batches))
            console.print(f"已写入 {escape(str(out))}")

    @app.command("check")
    def check(
        period: Annotated[
            Period, typer.Option("--period", parser=parse_period, help="台账期间 YYYY-MM")
        ],
    ) -> None:
        """列出仍在再贷款支持期内、却已不在银行台账中的贷款（提前结清或移出）。"""
        with session_scope() as session:
            flags = service.early_exits(session, period=period)
        for f in flags:
            console.print(
                f"批次 {f.batch_id}｜{escape(f.institution_code)}｜贷款 {escape(f.loan_id)} "
                f"到期日 {f.maturity_date}，已不在 {period} 台账中"
            )
        console.print(f"共 {len(flags)} 笔需核查。")

    return app


relending_app = make_app(
    ("relending_smb", "relending_agri"), "支农、支小再贷款：先贷后借、逐笔核对、双人审批。"
)
carbon_app = make_app(
    ("carbon",), "碳减排支持工具：本金60%、1.75%、一年期可展期两次，须披露碳减排量。"
)
coal_app = make_app(("coal",), "煤炭清洁高效利用专项再贷款：本金100%、1.75%。")


def stats_export(
    period: Annotated[Period, typer.Option("--period", parser=parse_period, help="期间 YYYY-MM")],
    out: Annotated[Path, typer.Option("--out", help="输出 CSV，可用 beizeng stats import 导入")],
) -> None:
    """导出再贷款、再贴现余额（period,institution_code,metric,value），供监测指标 relending_balance 使用。"""
    with session_scope() as session:
        count = write_stats_csv(session, period=period, path=out)
    shown = escape(str(out))
    console.print(f"已写入 {shown}：{count} 行。请运行 beizeng stats import {shown} 导入监测统计。")
