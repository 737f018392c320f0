"""The backup format as values: member names, what of a home is data, the manifest, the checks.

A backup is one zstd frame holding one POSIX (pax) tar archive:

* ``database/beizeng.db`` (SQLite, the online-backup copy) or ``database/beizeng.pgdump``
  (PostgreSQL, ``pg_dump --format=custom``);
* ``home/<path>`` for every file of the home that is data, at its path inside the home;
* ``manifest.json`` last: format version, beizeng version, backend, alembic revision, creation
  time, the home's identity and ``path, size, sha256, kind`` of every other member.

Nothing here reads a file or the clock: the service streams the bytes and calls these functions
with what it saw.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from beizeng.backup.errors import ManifestInvalid

FORMAT = "beizeng-backup"
FORMAT_VERSION = 1
"""Raised when the layout changes; a program refuses archives of a newer version."""

MANIFEST_NAME = "manifest.json"
MANIFEST_MAX_BYTES = 256 * 1024 * 1024
HOME_PREFIX = "home/"
DATABASE_PREFIX = "database/"
DATABASE_MEMBERS = {"sqlite": "database/beizeng.db", "postgresql": "database/beizeng.pgdump"}
BACKEND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

HOME_ID_FILE = "home-id"
SECRET_KEY_FILE = "secret_key"
SQLITE_FILE = "beizeng.db"
"""The home's own SQLite database (``config.Settings.resolved_database_url``) and its sidecars
are never copied as files: the database goes in through the online backup API."""
DATABASE_FILES = frozenset(SQLITE_FILE + s for s in ("", "-wal", "-shm", "-journal"))
SCRATCH_DIRS = frozenset({"logs", "tmp"})
"""``logs/`` (``kit.errorlog``) and ``tmp/`` (import scratch): never data."""
REFERENCED_DIRS = frozenset({"ledgers", "library"})
"""Files registered in the database (``ledger.storage.LEDGER_DIR``, ``library.service``): only
the ones the database snapshot references are taken, never whatever lies in the folder."""

KINDS = {
    "database": "数据库",
    "ledger": "台账文件",
    "attachment": "政策库附件",
    "secret_key": "密钥",
    "identity": "数据目录标识",
    "file": "其他文件（报告、演示数据等）",
}
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HOME_ID = re.compile(r"[0-9a-f]{32}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\\]")


@dataclass(frozen=True)
class Member:
    """One file inside the archive, as the manifest records it."""

    path: str
    size: int
    sha256: str
    kind: str


@dataclass(frozen=True)
class Manifest:
    format_version: int
    beizeng_version: str
    created_at: datetime
    home_id: str
    source_home: str
    backend: str
    alembic_revision: str
    members: tuple[Member, ...]

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.backend]

    @property
    def total_bytes(self) -> int:
        return sum(m.size for m in self.members)

    def by_path(self) -> dict[str, Member]:
        return {m.path: m for m in self.members}

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "format_version": self.format_version,
            "beizeng_version": self.beizeng_version,
            "created_at": self.created_at.isoformat(),
            "home_id": self.home_id,
            "source_home": self.source_home,
            "database": {
                "backend": self.backend,
                "member": self.database_member,
                "alembic_revision": self.alembic_revision,
            },
            "members": [
                {"path": m.path, "size": m.size, "sha256": m.sha256, "kind": m.kind}
                for m in self.members
            ],
        }
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def is_home_id(text: str) -> bool:
    """A home identity: 32 lowercase hex digits (``uuid4().hex``)."""
    return _HOME_ID.fullmatch(text) is not None


def member_name_problem(name: str) -> str | None:
    """Why ``name`` may not be a member (absolute, ``..``, outside ``home/``/``database/``)."""
    if not name:
        return "名称为空"
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return "是绝对路径，不允许"
    if _CONTROL.search(name):
        return "名称含有反斜杠或控制字符，不允许"
    parts = name.split("/")
    if ".." in parts:
        return "路径含有「..」，会写到数据目录之外，不允许"
    if any(p in ("", ".") for p in parts):
        return "路径含有空段或「.」，不允许"
    if name == MANIFEST_NAME:
        return None
    if name.startswith(DATABASE_PREFIX):
        if name not in DATABASE_MEMBERS.values():
            return "不是可识别的数据库成员"
        return None
    if not name.startswith(HOME_PREFIX) or len(parts) < 2:
        return "不在 home/ 或 database/ 之下"
    first = parts[1]
    if len(parts) == 2 and first in DATABASE_FILES:
        return "是数据库文件名：数据库只能作为 database/ 成员"
    if first in SCRATCH_DIRS:
        return f"位于临时目录 {first}/，不应出现在备份中"
    return None


def home_file_kind(relative: PurePosixPath) -> str | None:
    """What a file found by walking the home is, or ``None`` when it is not taken as a file.

    Skipped: scratch (``logs/``, ``tmp/``), the SQLite database and its sidecars, the folders
    whose files come from the database snapshot (``ledgers/``, ``library/``) and files being
    written (``.tmp-*`` of the ledger storage, ``*.partial`` of the demo generator and of this
    backup).
    """
    parts = relative.parts
    if not parts or parts[0] in SCRATCH_DIRS or parts[0] in REFERENCED_DIRS:
        return None
    if len(parts) == 1 and parts[0] in DATABASE_FILES:
        return None
    if any(p.startswith(".tmp-") or p.endswith(".partial") for p in parts):
        return None
    if len(parts) == 1 and parts[0] == SECRET_KEY_FILE:
        return "secret_key"
    if len(parts) == 1 and parts[0] == HOME_ID_FILE:
        return "identity"
    return "file"


def home_member(relative: str) -> str:
    """The member name of a file at ``relative`` (POSIX, inside the home)."""
    return HOME_PREFIX + relative


def restore_relative(member: str) -> str | None:
    """Where a member goes inside the restored home; ``None`` for the PostgreSQL dump."""
    if member == DATABASE_MEMBERS["sqlite"]:
        return SQLITE_FILE
    if member.startswith(HOME_PREFIX):
        return member[len(HOME_PREFIX) :]
    return None


def compare(manifest: Manifest, seen: Mapping[str, tuple[int, str]]) -> list[str]:
    """Every difference between the manifest and the members read, one Chinese line each."""
    problems: list[str] = []
    for m in manifest.members:
        got = seen.get(m.path)
        if got is None:
            problems.append(f"成员 {m.path}：清单中登记，但归档中没有（备份不完整）")
        elif got[0] != m.size:
            problems.append(f"成员 {m.path}：大小 {got[0]} 字节，清单记录为 {m.size} 字节")
        elif got[1] != m.sha256:
            problems.append(f"成员 {m.path}：sha256 校验和与清单不一致（内容已被改动）")
    listed = manifest.by_path()
    problems += [f"成员 {name}：不在清单中" for name in seen if name not in listed]
    return problems


def counts(members: Iterable[Member]) -> dict[str, tuple[int, int]]:
    """Members and bytes by kind, in the order of ``KINDS``."""
    found: dict[str, tuple[int, int]] = {}
    for m in members:
        n, size = found.get(m.kind, (0, 0))
        found[m.kind] = (n + 1, size + m.size)
    return {k: found[k] for k in KINDS if k in found}


def human_size(n: int) -> str:
    """``532 B``, ``1.4 KB``, ``27.0 MB``, ``3.2 GB``."""
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{n} B" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


def _get(data: Mapping[str, Any], key: str, kind: type, where: str = "") -> Any:
    if key not in data:
        raise ManifestInvalid(f"缺少字段 {where}{key}")
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ManifestInvalid(f"字段 {where}{key} 的类型不对")
    return value


def _member(item: object, index: int) -> Member:
    where = f"members[{index}]."
    if not isinstance(item, dict):
        raise ManifestInvalid(f"members[{index}] 不是对象")
    path = _get(item, "path", str, where)
    size = _get(item, "size", int, where)
    sha = _get(item, "sha256", str, where)
    kind = _get(item, "kind", str, where)
    problem = member_name_problem(path)
    if problem or path == MANIFEST_NAME:
        raise ManifestInvalid(f"成员 {path}：{problem or '清单不能登记自身'}")
    if size < 0:
        raise ManifestInvalid(f"成员 {path}：大小为负数")
    if not _HEX64.fullmatch(sha):
        raise ManifestInvalid(f"成员 {path}：sha256 不是 64 位十六进制")
    if kind not in KINDS:
        raise ManifestInvalid(f"成员 {path}：类别「{kind}」无法识别")
    if (kind == "database") != path.startswith(DATABASE_PREFIX):
        raise ManifestInvalid(f"成员 {path}：类别「{kind}」与路径不符")
    return Member(path, size, sha, kind)


def parse_manifest(data: bytes) -> Manifest:
    """The manifest, or ``ManifestInvalid`` naming the first broken field."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestInvalid(f"不是有效的 UTF-8 JSON（{exc}）") from None
    if not isinstance(raw, dict):
        raise ManifestInvalid("顶层不是对象")
    if raw.get("format") != FORMAT:
        raise ManifestInvalid(f"format 应为「{FORMAT}」：这不是 beizeng 的备份")
    version = _get(raw, "format_version", int)
    if version > FORMAT_VERSION:
        raise ManifestInvalid(
            f"格式版本 {version} 高于本程序支持的 {FORMAT_VERSION}，请升级 beizeng 后再试"
        )
    if version < 1:
        raise ManifestInvalid(f"格式版本 {version} 无效")
    try:
        created = datetime.fromisoformat(_get(raw, "created_at", str))
    except ValueError:
        raise ManifestInvalid("created_at 不是 ISO 8601 时间") from None
    if created.tzinfo is None:
        raise ManifestInvalid("created_at 缺少时区")
    home_id = _get(raw, "home_id", str)
    if not is_home_id(home_id):
        raise ManifestInvalid("home_id 不是 32 位十六进制标识")
    database = _get(raw, "database", dict)
    backend = _get(database, "backend", str, "database.")
    if backend not in DATABASE_MEMBERS:
        raise ManifestInvalid(f"数据库类型「{backend}」无法识别")
    if _get(database, "member", str, "database.") != DATABASE_MEMBERS[backend]:
        raise ManifestInvalid(f"database.member 应为 {DATABASE_MEMBERS[backend]}")
    revision = _get(database, "alembic_revision", str, "database.")
    items = _get(raw, "members", list)
    members = tuple(_member(item, i) for i, item in enumerate(items))
    duplicated = sorted(p for p, n in Counter(m.path for m in members).items() if n > 1)
    if duplicated:
        raise ManifestInvalid(f"成员 {duplicated[0]} 登记了不止一次")
    databases = [m.path for m in members if m.kind == "database"]
    if databases != [DATABASE_MEMBERS[backend]]:
        raise ManifestInvalid(f"应恰好登记一个数据库成员 {DATABASE_MEMBERS[backend]}")
    return Manifest(
        format_version=version,
        beizeng_version=_get(raw, "beizeng_version", str),
        created_at=created,
        home_id=home_id,
        source_home=_get(raw, "source_home", str),
        backend=backend,
        alembic_revision=revision,
        members=members,
    )
