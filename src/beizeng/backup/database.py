"""Database snapshots and restores, per backend.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies the database in one step
under one read transaction, so imports and web writes go on (WAL) and the copy is one committed
state. PostgreSQL: a REPEATABLE READ transaction exports its snapshot
(``pg_export_snapshot()``); the referenced files are read in that transaction and ``pg_dump
--snapshot`` dumps exactly the same state. Either way the list of ledger files and attachments
comes from the snapshot itself, so the archive holds exactly the files its database knows.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from beizeng.backup.errors import (
    BackupToolFailed,
    HomeNotReady,
    RestoreNotPossible,
    RestoreTargetNotEmpty,
)
from beizeng.backup.repository import FileRef, SnapshotRepository

PG_DUMP = shutil.which("pg_dump") or "/usr/bin/pg_dump"
PG_RESTORE = shutil.which("pg_restore") or "/usr/bin/pg_restore"


@dataclass(frozen=True)
class Snapshot:
    """One committed state of the database, written to ``file``, and what it references."""

    backend: str
    file: Path
    revision: str
    ledger_files: tuple[FileRef, ...]
    attachments: tuple[FileRef, ...]


def backend_of(url: str) -> str:
    """``sqlite`` or ``postgresql``; anything else cannot be backed up."""
    name = make_url(url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise RestoreNotPossible(f"不支持备份或恢复 {name} 数据库：只支持 SQLite 与 PostgreSQL。")
    return name


def masked(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _read(conn: Connection, file: Path, backend: str, where: str) -> Snapshot:
    repo = SnapshotRepository(conn)
    revision = repo.revision()
    if revision is None:
        raise HomeNotReady(
            f"数据库 {where} 尚未建立结构（没有 alembic_version）：没有可备份的数据。"
            "请先运行 beizeng db upgrade 或导入数据。"
        )
    return Snapshot(backend, file, revision, tuple(repo.ledger_files()), tuple(repo.attachments()))


def snapshot(url: str, directory: Path) -> Snapshot:
    """Snapshot the database at ``url`` into ``directory`` and list what the snapshot refers to."""
    if backend_of(url) == "sqlite":
        return _sqlite_snapshot(url, directory)
    return _postgres_snapshot(url, directory)


def _sqlite_snapshot(url: str, directory: Path) -> Snapshot:
    name = make_url(url).database
    if not name or name == ":memory:":
        raise HomeNotReady("数据库是内存中的 SQLite，没有可备份的文件。")
    source_path = Path(name)
    if not source_path.is_file():
        raise HomeNotReady(
            f"数据库文件 {source_path} 不存在：数据目录尚未初始化，没有可备份的数据。"
        )
    target = directory / "beizeng.db"
    try:
        source = sqlite3.connect(f"file:{quote(str(source_path))}?mode=rw", uri=True, timeout=30)
        try:
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)  # one step: one read transaction, one committed state
                copy.execute("PRAGMA journal_mode=DELETE")  # the file alone is the database
            finally:
                copy.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise HomeNotReady(f"无法读取数据库 {source_path}：{exc}。") from None
    engine = create_engine(f"sqlite:///{target}", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return _read(conn, target, "sqlite", str(source_path))
    finally:
        engine.dispose()


def _libpq(url: str) -> tuple[str, dict[str, str] | None]:
    """A libpq connection URI without the password, and the environment carrying it.

    The password goes to ``pg_dump``/``pg_restore`` as ``PGPASSWORD`` so that it never shows in
    the process list; the child otherwise inherits the environment unchanged.
    """
    parsed: URL = make_url(url)
    uri = parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    if parsed.password is None:
        return uri, None
    return uri, {**os.environ, "PGPASSWORD": str(parsed.password)}


def _run(tool: str, args: list[str], url: str) -> None:
    uri, env = _libpq(url)
    try:
        done = subprocess.run(
            [tool, *args, "--no-password", f"--dbname={uri}"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    except OSError as exc:
        raise BackupToolFailed(
            f"无法运行 {tool}（{exc.strerror}）：请安装 PostgreSQL 客户端（postgresql-client）。"
        ) from None
    if done.returncode != 0:
        detail = " ".join(done.stderr.strip().splitlines()[-3:]) or "没有输出"
        raise BackupToolFailed(
            f"{Path(tool).name} 失败（退出码 {done.returncode}，数据库 {masked(url)}）：{detail}"
        )


def _postgres_snapshot(url: str, directory: Path) -> Snapshot:
    target = directory / "beizeng.pgdump"
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as raw:
            conn = raw.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
            with conn.begin():
                exported = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
                found = _read(conn, target, "postgresql", masked(url))
                # The exporting transaction stays open until pg_dump has dumped its snapshot.
                _run(
                    PG_DUMP,
                    [
                        "--format=custom",
                        "--compress=0",
                        f"--snapshot={exported}",
                        f"--file={target}",
                    ],
                    url,
                )
    except SQLAlchemyError as exc:
        raise HomeNotReady(f"无法连接数据库 {masked(url)}：{_first_line(exc)}。") from None
    finally:
        engine.dispose()
    return found


def _first_line(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(exc).__name__


def require_empty_postgres(url: str) -> None:
    """Refuse a PostgreSQL database that already holds tables, sequences or functions."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            objects = SnapshotRepository(conn).postgres_objects()
    except SQLAlchemyError as exc:
        raise RestoreNotPossible(f"无法连接数据库 {masked(url)}：{_first_line(exc)}。") from None
    finally:
        engine.dispose()
    if objects:
        raise RestoreTargetNotEmpty(
            f"数据库 {masked(url)} 不是空的（已有 {objects} 个表、序列或函数）："
            "恢复只写入空数据库，未写入任何内容。请新建一个空数据库并把 BEIZENG_DATABASE_URL 指向它。"
        )


def pg_restore(url: str, dump: Path) -> None:
    """Load a custom-format dump into the (empty) database, all in one transaction."""
    _run(
        PG_RESTORE,
        ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", str(dump)],
        url,
    )


def require_known_revision(revision: str) -> None:
    """Refuse a backup whose schema this program does not know (a newer beizeng wrote it)."""
    script = ScriptDirectory(str(resources.files("beizeng") / "migrations"))
    for rev in revision.split(","):
        try:
            found = script.get_revision(rev)
        except CommandError:
            found = None
        if found is None:
            raise RestoreNotPossible(
                f"备份的数据库结构版本 {rev} 不在本程序的迁移中（备份由更新的 beizeng 写出）："
                "请升级 beizeng 后再恢复。"
            )
