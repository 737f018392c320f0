"""``beizeng backup …``: create, verify and restore a backup of the configured home."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from beizeng import db
from beizeng.backup import database, rules, service
from beizeng.backup.errors import HomeNotReady
from beizeng.config import get_settings
from beizeng.console.output import console, err_console, progress_bar
from beizeng.kit.clock import CHINA, SystemClock
from beizeng.ledger import service as ledger_service

app = typer.Typer(help="备份与恢复：数据库、贷款台账、附件、报告与密钥。", no_args_is_help=True)

Archive = Annotated[Path, typer.Argument(help="备份文件（.tar.zst）")]


def _print_manifest(manifest: rules.Manifest) -> None:
    created = manifest.created_at.astimezone(CHINA)
    console.print(f"  创建时间：{created:%Y-%m-%d %H:%M:%S}（北京时间）")
    console.print(
        f"  数据库：{rules.BACKEND_NAMES[manifest.backend]}，"
        f"结构版本（alembic）{manifest.alembic_revision}"
    )
    console.print(
        f"  beizeng 版本 {manifest.beizeng_version}，备份格式版本 {manifest.format_version}"
    )
    console.print(f"  数据目录标识：{manifest.home_id}（来源 {manifest.source_home}）")
    console.print(
        f"  成员 {len(manifest.members)} 个，共 {rules.human_size(manifest.total_bytes)}："
    )
    for kind, (count, size) in rules.counts(manifest.members).items():
        console.print(f"    {rules.KINDS[kind]}：{count} 个，{rules.human_size(size)}")


@app.command("create")
def create(
    out: Annotated[
        Path, typer.Option("--out", help="备份文件路径（.tar.zst）；所在文件夹须已存在且可写")
    ],
) -> None:
    """为当前数据目录写一份一致的备份：数据库快照、快照登记的台账文件与附件、报告、密钥与清单。"""
    with progress_bar("写入备份") as update:
        report = service.create_backup(
            get_settings(), out=out, now=SystemClock().now(), progress=update
        )
    console.print(f"已写入备份 {report.out}（{rules.human_size(report.out.stat().st_size)}）：")
    _print_manifest(report.manifest)
    if report.skipped:
        console.print(f"  未备份的链接或特殊文件：{'、'.join(report.skipped)}")


@app.command("verify")
def verify(file: Archive) -> None:
    """校验备份：可解压、清单完整、每个成员的大小与 sha256 一致、没有越界路径，且来自当前数据目录。"""
    report = service.verify_backup(get_settings(), archive=file)
    console.print(f"备份 {report.archive} 完好，所有成员与清单一致：")
    _print_manifest(report.manifest)
    if report.home_id is None:
        console.print(f"  当前数据目录 {report.home} 尚无标识（从未备份过），未比对来源。")
    else:
        console.print(f"  与当前数据目录 {report.home} 的标识一致。")


@app.command("restore")
def restore(
    file: Archive,
    home: Annotated[
        Path, typer.Option("--home", help="恢复到的数据目录：必须为空文件夹或尚不存在")
    ],
) -> None:
    """先校验备份，再恢复到一个空的数据目录（PostgreSQL 备份恢复到 BEIZENG_DATABASE_URL 指定的空数据库），最后核对台账文件。"""
    settings = get_settings()
    report = service.restore_backup(settings, archive=file, home=home)
    backend = rules.BACKEND_NAMES[report.manifest.backend]
    console.print(
        f"已从备份 {file} 恢复到 {report.home}：成员 {len(report.manifest.members)} 个，"
        f"共 {rules.human_size(report.manifest.total_bytes)}；"
        f"数据库 {backend}（{database.masked(report.database_url)}）。"
    )
    restored = settings.model_copy(
        update={"home": report.home, "database_url": report.database_url}
    )
    engine = db.make_engine(report.database_url)
    try:
        with db.session_scope(engine=engine) as session:
            results = ledger_service.verify_files(session, settings=restored)
    finally:
        engine.dispose()
    bad = [r for r in results if r.problem]
    for r in bad:
        err_console.print(
            f"[red]{r.institution_code} {r.period} {r.submission_id}：{r.problem}（{r.path}）[/]"
        )
    if bad:
        raise HomeNotReady(
            f"恢复已完成，但 {len(bad)} 个台账文件与登记不一致（共核对 {len(results)} 个）："
            f"请检查 {report.home}。"
        )
    console.print(f"台账校验：已核对 {len(results)} 个台账文件，全部与登记一致。")
    if report.manifest.backend == "sqlite":
        console.print(
            f"使用恢复的数据目录：BEIZENG_HOME={report.home}"
            f"（数据库为其中的 {rules.SQLITE_FILE}，不要设置 BEIZENG_DATABASE_URL）。"
        )
    else:
        console.print(
            f"使用恢复的数据目录：BEIZENG_HOME={report.home}，BEIZENG_DATABASE_URL 保持不变。"
        )
