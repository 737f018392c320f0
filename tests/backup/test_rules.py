"""The backup format as values: member names, what of a home is data, the manifest checks."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import PurePosixPath

import pytest

from beizeng.backup import rules
from beizeng.backup.errors import ManifestInvalid

SHA = "a" * 64
HOME_ID = "0123456789abcdef0123456789abcdef"


def _manifest(**overrides: object) -> rules.Manifest:
    values: dict[str, object] = {
        "format_version": rules.FORMAT_VERSION,
        "beizeng_version": "0.1.0",
        "created_at": datetime(2022, 7, 5, 2, 0, tzinfo=UTC),
        "home_id": HOME_ID,
        "source_home": "/srv/beizeng",
        "backend": "sqlite",
        "alembic_revision": "0008",
        "members": (
            rules.Member("database/beizeng.db", 4096, SHA, "database"),
            rules.Member("home/ledgers/ICBCLL/2022-06/x.parquet", 10, "b" * 64, "ledger"),
        ),
    }
    values.update(overrides)
    return rules.Manifest(**values)  # type: ignore[arg-type]


def test_a_manifest_survives_its_json() -> None:
    manifest = _manifest()
    assert rules.parse_manifest(manifest.to_json()) == manifest


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("/etc/passwd", "绝对路径"),
        ("C:/evil", "绝对路径"),
        ("home/../../evil", ".."),
        ("home/ledgers/../../evil", ".."),
        ("home//x", "空段"),
        ("home/./x", "空段"),
        ("home\\evil", "反斜杠"),
        ("home/a\x00b", "控制字符"),
        ("evil.txt", "不在 home/ 或 database/ 之下"),
        ("home", "不在 home/ 或 database/ 之下"),
        ("database/other.db", "不是可识别的数据库成员"),
        ("home/beizeng.db", "数据库文件名"),
        ("home/beizeng.db-wal", "数据库文件名"),
        ("home/logs/error.log", "临时目录"),
        ("home/tmp/x", "临时目录"),
    ],
)
def test_unsafe_or_foreign_member_names_are_refused(name: str, problem: str) -> None:
    found = rules.member_name_problem(name)
    assert found is not None and problem in found


@pytest.mark.parametrize(
    "name",
    [
        "manifest.json",
        "database/beizeng.db",
        "database/beizeng.pgdump",
        "home/secret_key",
        "home/ledgers/ICBCLL/2022-06/20220705T020000-3f2a9c1b7d04.parquet",
        "home/library/3/abcdef012345-吕梁市普惠小微政策.pdf",
        "home/reports/notices/2022-12_ICBCLL_notice.docx",
    ],
)
def test_member_names_of_a_real_backup_are_accepted(name: str) -> None:
    assert rules.member_name_problem(name) is None


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("secret_key", "secret_key"),
        ("home-id", "identity"),
        ("demo-password", "file"),
        ("reports/bulletin-2022-12.docx", "file"),
        ("demo/ledgers/2022-12/ICBCLL.csv", "file"),
        ("logs/error.log", None),
        ("tmp/import-x/staged.parquet", None),
        ("beizeng.db", None),
        ("beizeng.db-shm", None),
        ("ledgers/ICBCLL/2022-06/x.parquet", None),
        ("library/1/x.pdf", None),
        (".demo.partial/entities.csv", None),
        ("reports/.tmp-x.docx", None),
        ("sub/secret_key", "file"),
    ],
)
def test_what_of_a_home_is_taken_as_a_file(path: str, kind: str | None) -> None:
    assert rules.home_file_kind(PurePosixPath(path)) == kind


def test_restored_paths_put_the_sqlite_database_into_the_home() -> None:
    assert rules.restore_relative("database/beizeng.db") == "beizeng.db"
    assert rules.restore_relative("database/beizeng.pgdump") is None
    assert rules.restore_relative("home/reports/a.docx") == "reports/a.docx"


def test_compare_names_each_missing_extra_resized_and_changed_member() -> None:
    manifest = _manifest(
        members=(
            rules.Member("database/beizeng.db", 4, SHA, "database"),
            rules.Member("home/a", 1, SHA, "file"),
            rules.Member("home/b", 1, SHA, "file"),
            rules.Member("home/c", 1, SHA, "file"),
        )
    )
    seen = {
        "database/beizeng.db": (4, SHA),
        "home/b": (2, SHA),
        "home/c": (1, "c" * 64),
        "home/d": (1, SHA),
    }
    problems = rules.compare(manifest, seen)
    assert problems == [
        "成员 home/a：清单中登记，但归档中没有（备份不完整）",
        "成员 home/b：大小 2 字节，清单记录为 1 字节",
        "成员 home/c：sha256 校验和与清单不一致（内容已被改动）",
        "成员 home/d：不在清单中",
    ]
    assert rules.compare(manifest, {m.path: (m.size, m.sha256) for m in manifest.members}) == []


def _broken(change: dict[str, object]) -> bytes:
    data = json.loads(_manifest().to_json())
    data.update(change)
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\xff\xfe", "UTF-8 JSON"),
        (b"[]", "顶层不是对象"),
        (_broken({"format": "tar"}), "不是 beizeng 的备份"),
        (_broken({"format_version": 2}), "格式版本 2 高于"),
        (_broken({"format_version": "1"}), "format_version 的类型不对"),
        (_broken({"created_at": "yesterday"}), "ISO 8601"),
        (_broken({"created_at": "2022-07-05T02:00:00"}), "缺少时区"),
        (_broken({"home_id": "home"}), "home_id"),
        (_broken({"database": {"backend": "mysql"}}), "mysql"),
        (
            _broken(
                {"members": [{"path": "/etc/passwd", "size": 1, "sha256": SHA, "kind": "file"}]}
            ),
            "绝对路径",
        ),
        (
            _broken({"members": [{"path": "home/a", "size": -1, "sha256": SHA, "kind": "file"}]}),
            "负数",
        ),
        (
            _broken({"members": [{"path": "home/a", "size": 1, "sha256": "x", "kind": "file"}]}),
            "64 位",
        ),
        (
            _broken(
                {"members": [{"path": "home/a", "size": 1, "sha256": SHA, "kind": "database"}]}
            ),
            "与路径不符",
        ),
        (
            _broken({"members": [{"path": "home/a", "size": 1, "sha256": SHA, "kind": "file"}]}),
            "恰好登记一个数据库成员",
        ),
        (
            _broken({"members": [{"path": "home/a", "size": True, "sha256": SHA, "kind": "file"}]}),
            "类型不对",
        ),
    ],
)
def test_a_malformed_manifest_is_refused_naming_the_field(data: bytes, problem: str) -> None:
    with pytest.raises(ManifestInvalid) as caught:
        rules.parse_manifest(data)
    assert problem in caught.value.message


def test_a_member_listed_twice_is_refused() -> None:
    twice = rules.Member("home/a", 1, SHA, "file")
    data = _manifest(members=(*_manifest().members, twice, twice)).to_json()
    with pytest.raises(ManifestInvalid, match="home/a 登记了不止一次"):
        rules.parse_manifest(data)


def test_sizes_and_counts_for_the_summary() -> None:
    assert rules.human_size(532) == "532 B"
    assert rules.human_size(1536) == "1.5 KB"
    assert rules.human_size(27 * 1024 * 1024) == "27.0 MB"
    assert rules.counts(_manifest().members) == {"database": (1, 4096), "ledger": (1, 10)}
    assert rules.is_home_id(HOME_ID) and not rules.is_home_id(HOME_ID.upper())
