"""``beizeng ledger …``: the template, imports, history, verification and the summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.config import get_settings
from beizeng.console.output import console, err_console, progress_bar
from beizeng.console.params import parse_period
from beizeng.db import session_scope
from beizeng.kit.clock import SystemClock
from beizeng.kit.money import yuan_display
from beizeng.kit.periods import Period
from beizeng.ledger import rules, service, template
from beizeng.ledger.errors import LedgerCorrupt

app = typer.Typer(help="贷款台账：模板、导入、历史、校验与汇总。", no_args_is_help=True)

SHOWN_WARNINGS = 20

Institution = Annotated[str, typer.Option("--institution", help="机构代码（机构名录中的代码）")]
PeriodOption = Annotated[
    Period, typer.Option("--period", parser=parse_period, help="报送期 YYYY-MM，如 2022-06")
]


@app.command("template")
def ledger_template(
    out: Annotated[Path, typer.Option("--out", help="模板文件路径（.xlsx）")],
) -> None:
    """生成贷款台账 Excel 模板：中文表头、填写说明、下拉选项与格式。"""
    template.write_ledger_template(out)
    console.print(f"已生成贷款台账模板：{escape(str(out))}")


@app.command("import")
def ledger_import(
    file: Annotated[Path, typer.Argument(help="台账文件：CSV（UTF-8 或 GBK）或 XLSX")],
    institution: Institution,
    period: PeriodOption,
    errors_out: Annotated[
        Path | None, typer.Option("--errors-out", help="有错误时把全部错误写入此 Excel 文件")
    ] = None,
) -> None:
    """导入一家机构一个月末的贷款台账：全部校验通过才入库，重复导入取代旧版本。"""
    with progress_bar("导入台账") as update, session_scope() as session:
        report = service.import_ledger(
            session,
            path=file,
            institution_code=institution,
            period=period,
            settings=get_settings(),
            now=SystemClock().now(),
            errors_out=errors_out,
            progress=update,
        )
    console.print(
        f"已导入 {escape(file.name)}：机构 {escape(report.institution_code)}，期间 {report.period}，"
        f"{report.rows:,} 笔，贷款余额 {yuan_display(report.total_balance)} 元。"
    )
    if report.supersedes:
        console.print(
            f"本次报送取代了此前的版本 {escape(report.supersedes)}（旧版本仍保留在历史中）。"
        )
    if report.warning_count:
        console.print(f"[yellow]提示 {report.warning_count} 条（不影响入库，请核实）：[/]")
        for warning in report.warnings[:SHOWN_WARNINGS]:
            console.print("  " + escape(warning.describe()), soft_wrap=True)
        if report.warning_count > SHOWN_WARNINGS:
            console.print(f"  ……另有 {report.warning_count - SHOWN_WARNINGS} 条提示未列出")


@app.command("history")
def ledger_history(
    institution: Annotated[str | None, typer.Option("--institution", help="机构代码")] = None,
    period: Annotated[
        Period | None, typer.Option("--period", parser=parse_period, help="报送期 YYYY-MM")
    ] = None,
) -> None:
    """列出全部报送记录（含已被取代的版本）。"""
    with session_scope() as session:
        rows = service.history(session, institution_code=institution, period=period)
    table = Table(
        "机构",
        "期间",
        "报送编号",
        "状态",
        "笔数",
        "贷款余额（元）",
        "来源文件",
        "操作人",
        "时间",
        title="台账报送历史",
    )
    for r in rows:
        status = "现行" if r.status == "current" else f"已被 {escape(str(r.superseded_by_id))} 取代"
        table.add_row(
            escape(r.institution_code),
            r.period,
            escape(r.id),
            status,
            f"{r.rows:,}",
            yuan_display(r.total_balance),
            escape(r.source_name),
            escape(r.actor),
            f"{r.created_at:%Y-%m-%d %H:%M}",
        )
    console.print(table)


@app.command("verify")
def ledger_verify() -> None:
    """逐一核对已存台账文件的校验和（sha256）与行数。"""
    with session_scope() as session:
        results = service.verify_files(session, settings=get_settings())
    bad = [r for r in results if r.problem]
    for r in bad:
        err_console.print(
            f"[red]{escape(r.institution_code)} {r.period} {escape(r.submission_id)}："
            f"{escape(r.problem or '')}（{escape(str(r.path))}）[/]"
        )
    if bad:
        raise LedgerCorrupt(f"{len(bad)} 个台账文件与登记不一致，共核对 {len(results)} 个。")
    console.print(f"已核对 {len(results)} 个台账文件，全部与登记一致。")


@app.command("show")
def ledger_show(institution: Institution, period: PeriodOption) -> None:
    """显示一家机构一个月末现行台账的汇总：笔数、按借款人类型与口径的余额。"""
    with session_scope() as session:
        summary = service.ledger_summary(session, institution_code=institution, period=period)
    sub = summary.submission
    console.print(
        f"机构 {escape(sub.institution_code)}，期间 {sub.period}，报送编号 {escape(sub.id)}，"
        f"{sub.rows:,} 笔，贷款余额 {yuan_display(sub.total_balance)} 元（来源 {escape(sub.source_name)}）"
    )
    table = Table("借款人类型", "笔数", "户数", "贷款余额（元）", title="按借款人类型")
    for line in summary.categories:
        name = rules.BORROWER_TYPES.get(line.borrower_type, line.borrower_type)
        table.add_row(
            escape(name), f"{line.loans:,}", f"{line.borrowers:,}", yuan_display(line.balance)
        )
    console.print(table)
    names = {
        "inclusive_smb": "普惠小微贷款（人民银行口径）",
        "inclusive_smb_cbirc": "普惠型小微企业贷款（银保监口径）",
        "private_enterprise": "民营企业贷款",
        "manufacturing_mlt": "制造业中长期贷款",
        "services": "餐饮、零售、文体娱乐、旅行社贷款",
        "green": "绿色贷款",
        "clean_energy": "清洁能源贷款",
        "first_loan": "首贷户贷款",
    }
    flags = Table("口径", "贷款余额（元）", title="按口径")
    for key, value in summary.flags.items():
        flags.add_row(names[key], yuan_display(value))
    console.print(flags)
