"""Use cases of backup and restore (issue 10, point 2): create, verify, restore.

``create_backup`` takes the database snapshot first and only then looks at files: the ledger
Parquet files and library attachments are exactly the ones the *snapshot* registers. Both are
written before the row that registers them commits (``ledger.storage``: temporary file, fsync,
rename, then the record; ``library.service``: the file, then the row in the same transaction),
so every file the snapshot references is complete, and a file written after the snapshot is
simply not taken. Everything else of the home that is data (secret key, identity, reports,
the demo's generated input …) is taken as found; ``logs/`` and ``tmp/`` are scratch.

Services take the settings and the time from the boundary (CONVENTIONS rule 8).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from beizeng import __version__
from beizeng.backup import database, identity, rules
from beizeng.backup.archive import ArchiveWriter, read_entries
from beizeng.backup.database import Snapshot
from beizeng.backup.errors import (
    BackupCorrupt,
    BackupFromOtherHome,
    BackupNotFound,
    BackupTargetInvalid,
    HomeNotReady,
    RestoreNotPossible,
    RestoreTargetNotEmpty,
)
from beizeng.backup.repository import FileRef
from beizeng.config import Settings

Progress = Callable[[int, int], None]
SHOWN = 50
"""How many problems a refusal lists."""


def _noop(_done: int, _total: int) -> None:
    return None


@dataclass(frozen=True)
class Planned:
    """One file to put into the archive: member name, where it is, what it is."""

    member: str
    source: Path
    kind: str
    expected: FileRef | None = None


@dataclass(frozen=True)
class BackupReport:
    out: Path
    manifest: rules.Manifest
    skipped: tuple[str, ...]
    """Links and special files found in the home and left out (relative paths)."""


@dataclass(frozen=True)
class VerifyReport:
    archive: Path
    manifest: rules.Manifest
    home: Path
    home_id: str | None
    """The configured home's identity (``None``: it has none, nothing was compared)."""


@dataclass(frozen=True)
class RestoreReport:
    home: Path
    manifest: rules.Manifest
    database_url: str
    """Where the restored database is: ``sqlite:///<home>/beizeng.db`` or the PostgreSQL URL."""


# --- create -----------------------------------------------------------------------------------


def _check_target(out: Path) -> None:
    folder = out.parent
    if out.exists() or out.is_symlink():
        raise BackupTargetInvalid(f"备份文件 {out} 已存在：备份不会覆盖已有文件，请换一个文件名。")
    if not folder.exists():
        raise BackupTargetInvalid(
            f"目标文件夹 {folder} 不存在：请先创建它，或用 --out 指定其他位置。"
        )
    if not folder.is_dir():
        raise BackupTargetInvalid(f"目标 {folder} 不是文件夹：请用 --out 指定一个文件夹中的文件。")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BackupTargetInvalid(f"目标文件夹 {folder} 不可写：请检查权限，或换一个位置。")


def _referenced(home: Path, refs: tuple[FileRef, ...], kind: str, what: str) -> list[Planned]:
    planned: list[Planned] = []
    seen: set[str] = set()
    for ref in refs:
        if ref.path in seen:
            continue
        seen.add(ref.path)
        member = rules.home_member(PurePosixPath(ref.path).as_posix())
        problem = rules.member_name_problem(member)
        if problem is not None or not member.startswith(f"home/{kind_dir(kind)}/"):
            raise HomeNotReady(
                f"数据库登记的{what}路径 {ref.path} 无效：{problem or '不在应在的目录'}。"
            )
        source = home / ref.path
        if not source.is_file():
            raise HomeNotReady(
                f"{what} {ref.path} 登记在数据库中，但文件缺失：备份未写出。"
                "请先运行 beizeng ledger verify 查明原因。"
            )
        planned.append(Planned(member, source, kind, ref))
    return planned


def kind_dir(kind: str) -> str:
    return {"ledger": "ledgers", "attachment": "library"}[kind]


def _home_files(home: Path, excluded: set[Path]) -> tuple[list[Planned], list[str]]:
    """The files of the home taken as found (``rules.home_file_kind``), and what was skipped."""
    planned: list[Planned] = []
    skipped: list[str] = []
    if not home.is_dir():
        return planned, skipped
    for root, dirs, files in os.walk(home):
        here = Path(root)
        keep = []
        for name in sorted(dirs):
            path = here / name
            relative = path.relative_to(home)
            if path in excluded:
                continue
            if path.is_symlink():
                skipped.append(relative.as_posix())
                continue
            if len(relative.parts) == 1 and (
                name in rules.SCRATCH_DIRS or name in rules.REFERENCED_DIRS
            ):
                continue
            keep.append(name)
        dirs[:] = keep
        for name in sorted(files):
            path = here / name
            if path in excluded:
                continue
            posix = PurePosixPath(path.relative_to(home).as_posix())
            kind = rules.home_file_kind(posix)
            if kind is None:
                continue
            if not stat.S_ISREG(os.lstat(path).st_mode):
                skipped.append(str(posix))
                continue
            planned.append(Planned(rules.home_member(str(posix)), path, kind))
    order = {"identity": 0, "secret_key": 1}
    planned.sort(key=lambda p: (order.get(p.kind, 2), p.member))
    return planned, skipped


def _plan(home: Path, snap: Snapshot, excluded: set[Path]) -> tuple[list[Planned], list[str]]:
    others, skipped = _home_files(home, excluded)
    ordered = [Planned(rules.DATABASE_MEMBERS[snap.backend], snap.file, "database")]
    ordered += [p for p in others if p.kind in ("identity", "secret_key")]
    ordered += _referenced(home, snap.ledger_files, "ledger", "台账文件")
    ordered += _referenced(home, snap.attachments, "attachment", "政策库附件")
    ordered += [p for p in others if p.kind == "file"]
    return ordered, skipped


def create_backup(
    settings: Settings,
    *,
    out: Path,
    now: datetime,
    progress: Progress | None = None,
    after_snapshot: Callable[[], None] | None = None,
) -> BackupReport:
    """Write a consistent snapshot of the configured home to ``out`` (a ``.tar.zst`` file).

    ``after_snapshot`` runs between the database snapshot and the reading of files (tests make
    imports happen exactly there). A failure of any kind leaves no archive behind.
    """
    step = progress or _noop
    out = Path(os.path.abspath(out.expanduser()))
    _check_target(out)
    home = settings.resolved_home
    url = settings.resolved_database_url
    database.backend_of(url)
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    except OSError as exc:
        raise BackupTargetInvalid(f"目标文件夹 {out.parent} 不可写（{exc.strerror}）。") from None
    writer: ArchiveWriter | None = None
    try:
        snap = database.snapshot(url, work)
        home_id = identity.ensure_home_id(home)
        if after_snapshot is not None:
            after_snapshot()
        planned, skipped = _plan(home, snap, excluded={out, work})
        try:
            writer = ArchiveWriter(out)
        except OSError as exc:
            raise BackupTargetInvalid(f"无法在 {out.parent} 写入备份（{exc.strerror}）。") from None
        members: list[rules.Member] = []
        for done, item in enumerate(planned, start=1):
            try:
                size, sha = writer.add_file(item.member, item.source)
            except OSError as exc:
                raise HomeNotReady(
                    f"备份 {item.source} 时出错（{exc.strerror}）：备份未写出。"
                ) from None
            expected = item.expected
            if expected is not None and (size, sha) != (expected.size, expected.sha256):
                raise HomeNotReady(
                    f"文件 {item.source.relative_to(home)} 与数据库登记的大小或 sha256 不一致"
                    "（文件已被改动）：备份未写出。请先运行 beizeng ledger verify 查明原因。"
                )
            members.append(rules.Member(item.member, size, sha, item.kind))
            step(done, len(planned))
        manifest = rules.Manifest(
            format_version=rules.FORMAT_VERSION,
            beizeng_version=__version__,
            created_at=now,
            home_id=home_id,
            source_home=str(home),
            backend=snap.backend,
            alembic_revision=snap.revision,
            members=tuple(members),
        )
        writer.add_bytes(rules.MANIFEST_NAME, manifest.to_json(), mtime=now.timestamp())
        try:
            writer.commit()
        except FileExistsError:
            raise BackupTargetInvalid(
                f"备份文件 {out} 在备份过程中被别人创建了：未覆盖，请换一个文件名。"
            ) from None
        except OSError as exc:
            raise BackupTargetInvalid(f"无法写入备份 {out}（{exc.strerror}）。") from None
    finally:
        if writer is not None:
            writer.discard()
        shutil.rmtree(work, ignore_errors=True)
    return BackupReport(out, manifest, tuple(skipped))


# --- verify -----------------------------------------------------------------------------------


def _refuse(archive: Path, problems: list[str]) -> BackupCorrupt:
    lines = problems[:SHOWN]
    if len(problems) > SHOWN:
        lines.append(f"……另有 {len(problems) - SHOWN} 处问题未列出")
    head = f"备份 {archive} 未通过校验（{len(problems)} 处问题），不能使用："
    return BackupCorrupt("\n".join([head, *lines]))


def check_archive(archive: Path) -> tuple[rules.Manifest, str]:
    """Read the whole archive and check it against its manifest; return it and its sha256.

    Refused: not zstd or not tar, truncated, a name that is absolute or has ``..``, a link or
    any non-regular member, a duplicate, no manifest or a malformed one, a member after the
    manifest, a member missing, extra, of the wrong size or with the wrong sha256.
    """
    archive = Path(os.path.abspath(archive.expanduser()))
    if not archive.is_file():
        raise BackupNotFound(f"备份文件 {archive} 不存在。")
    seen: dict[str, tuple[int, str]] = {}
    manifest_bytes: bytes | None = None
    home_id_bytes: bytes | None = None
    for entry in read_entries(archive):
        if manifest_bytes is not None:
            raise _refuse(archive, [f"成员 {entry.name}：位于清单 manifest.json 之后，不在清单中"])
        if entry.name == rules.MANIFEST_NAME:
            manifest_bytes = entry.read_all(rules.MANIFEST_MAX_BYTES)
            continue
        if entry.name in seen:
            raise _refuse(archive, [f"成员 {entry.name}：在归档中出现了不止一次"])
        if entry.name == rules.home_member(rules.HOME_ID_FILE):
            home_id_bytes = entry.read_all(1024)
            seen[entry.name] = (entry.read_size, entry.sha256)
        else:
            seen[entry.name] = entry.consume()
    if manifest_bytes is None:
        raise BackupCorrupt(
            f"备份 {archive} 中没有清单 manifest.json：备份不完整（可能被截断），"
            "或不是 beizeng 的备份。"
        )
    try:
        manifest = rules.parse_manifest(manifest_bytes)
    except BackupCorrupt as exc:
        raise BackupCorrupt(f"备份 {archive}：{exc.message}") from None
    problems = rules.compare(manifest, seen)
    if home_id_bytes is not None and home_id_bytes.decode("ascii", "replace").strip() != (
        manifest.home_id
    ):
        problems.append(f"成员 home/{rules.HOME_ID_FILE}：与清单中的数据目录标识不一致")
    if problems:
        raise _refuse(archive, problems)
    return manifest, hashlib.sha256(manifest_bytes).hexdigest()


def verify_backup(settings: Settings, *, archive: Path) -> VerifyReport:
    """Check the archive; when the configured home has an identity, it must be the backup's."""
    manifest, _ = check_archive(archive)
    home = settings.resolved_home
    current = identity.read_home_id(home)
    if current is not None and current != manifest.home_id:
        raise BackupFromOtherHome(
            f"备份 {archive} 来自另一个数据目录：备份的数据目录标识为 {manifest.home_id}"
            f"（来源 {manifest.source_home}），当前数据目录 {home} 的标识为 {current}。"
            "请确认要使用的备份，或用 beizeng backup restore 恢复到一个新的数据目录。"
        )
    return VerifyReport(archive, manifest, home, current)


# --- restore ----------------------------------------------------------------------------------


def _first_missing(target: Path) -> Path | None:
    """The topmost folder of ``target`` that does not exist yet (removed again on failure)."""
    missing = None
    for folder in [target, *target.parents]:
        if folder.exists():
            break
        missing = folder
    return missing


def _check_restore_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise RestoreTargetNotEmpty(f"恢复目标 {target} 不是文件夹：未写入任何内容。")
    if target.is_dir() and any(target.iterdir()):
        raise RestoreTargetNotEmpty(
            f"恢复目标 {target} 不是空文件夹：恢复只写入空的（或不存在的）数据目录，"
            "未写入任何内容。请指定一个新的 --home。"
        )


def _restore_database_url(settings: Settings, manifest: rules.Manifest, target: Path) -> str:
    if manifest.backend == "sqlite":
        return f"sqlite:///{target / rules.SQLITE_FILE}"
    url = settings.database_url
    if not url or database.backend_of(url) != "postgresql":
        raise RestoreNotPossible(
            "这是 PostgreSQL 数据库的备份：请把 BEIZENG_DATABASE_URL 设为一个空的 PostgreSQL "
            "数据库后再恢复（当前" + (f"为 {database.masked(url)}" if url else "未设置") + "）。"
        )
    database.require_empty_postgres(url)
    return url


def _write(chunks: Iterator[bytes], dest: Path, mode: int) -> None:
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, (mode & 0o777) | 0o600)
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
    except OSError as exc:
        raise RestoreNotPossible(f"写入 {dest} 失败（{exc.strerror}）：恢复已撤销。") from None


def _extract(archive: Path, manifest: rules.Manifest, manifest_sha: str, target: Path) -> Path:
    """Write every member into ``target`` (checked again while writing); returns the dump path
    of a PostgreSQL backup (inside ``target/tmp``)."""
    listed = manifest.by_path()
    written: set[str] = set()
    dump = target / "tmp" / f"restore-{uuid.uuid4().hex[:12]}.pgdump"
    root = target.resolve()
    for entry in read_entries(archive):
        if entry.name == rules.MANIFEST_NAME:
            data = entry.read_all(rules.MANIFEST_MAX_BYTES)
            if hashlib.sha256(data).hexdigest() != manifest_sha:
                raise BackupCorrupt(f"备份 {archive} 在校验之后被改动了（清单不同）：恢复已撤销。")
            continue
        member = listed.get(entry.name)
        if member is None or entry.name in written:
            raise BackupCorrupt(
                f"备份 {archive} 在校验之后被改动了（成员 {entry.name}）：恢复已撤销。"
            )
        relative = rules.restore_relative(entry.name)
        dest = dump if relative is None else target / relative
        if not dest.parent.resolve().is_relative_to(root):
            raise BackupCorrupt(
                f"备份 {archive} 的成员 {entry.name} 会写到 {target} 之外：恢复已撤销。"
            )
        _write(entry.chunks(), dest, entry.mode)
        os.utime(dest, (entry.mtime, entry.mtime))
        if (entry.read_size, entry.sha256) != (member.size, member.sha256):
            raise BackupCorrupt(
                f"备份 {archive} 的成员 {entry.name} 在校验之后被改动了（sha256 不一致）：恢复已撤销。"
            )
        written.add(entry.name)
    missing = [m.path for m in manifest.members if m.path not in written]
    if missing:
        raise BackupCorrupt(f"备份 {archive} 在校验之后少了成员 {missing[0]}：恢复已撤销。")
    return dump


def _undo(target: Path, created: Path | None) -> None:
    """Remove what a failed restore wrote: the folders it created, or the contents of the
    empty folder it was given."""
    if created is not None:
        shutil.rmtree(created, ignore_errors=True)
        return
    if not target.is_dir():
        return
    for child in target.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def restore_backup(settings: Settings, *, archive: Path, home: Path) -> RestoreReport:
    """Restore ``archive`` into the empty (or missing) folder ``home``.

    Order: refuse a non-empty target; check the whole archive (nothing is written if it fails);
    check the database can be restored (PostgreSQL: ``BEIZENG_DATABASE_URL`` names an empty
    database; the schema revision is known to this program); extract, checking every member
    again as it is written; load the PostgreSQL dump in one transaction. Any failure removes
    everything written, and the database is left as it was.
    """
    target = Path(os.path.abspath(home.expanduser()))
    _check_restore_target(target)
    manifest, manifest_sha = check_archive(archive)
    database.require_known_revision(manifest.alembic_revision)
    url = _restore_database_url(settings, manifest, target)
    archive = Path(os.path.abspath(archive.expanduser()))
    created = _first_missing(target)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RestoreNotPossible(f"无法创建恢复目标 {target}（{exc.strerror}）。") from None
    try:
        dump = _extract(archive, manifest, manifest_sha, target)
        if manifest.backend == "postgresql":
            database.pg_restore(url, dump)
            dump.unlink()
            if not any(dump.parent.iterdir()):
                dump.parent.rmdir()
    except BaseException:
        _undo(target, created)
        raise
    return RestoreReport(target, manifest, url)
