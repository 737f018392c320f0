"""``beizeng backup create|verify|restore`` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import stat
import tarfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from beizeng.backup import service
from beizeng.backup.database import require_empty_postgres
from beizeng.backup.errors import BackupToolFailed, RestoreNotPossible
from beizeng.db import session_scope
from beizeng.models.library import PolicyAttachment
from tests.backup.conftest import (
    Cli,
    Filled,
    import_ledger,
    is_postgres,
    read_members,
    submission_paths,
    tree,
    use,
    write_members,
)
from tests.conftest import CliResult
from tests.ledger.builders import row, write_csv
from tests.ledger.conftest import add_institution


def _attachments() -> int:
    with session_scope() as session:
        return int(session.scalar(select(func.count()).select_from(PolicyAttachment)) or 0)


def test_round_trip_restores_the_database_and_every_data_file_into_a_new_home(
    cli: Cli,
    filled: Filled,
    tmp_path: Path,
    fresh_db_url: str,
    restore_url: str | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = filled.home
    folder = tmp_path / "backups"
    folder.mkdir()
    archive = folder / "home.tar.zst"
    created = cli("backup", "create", "--out", archive)
    assert created.exit_code == 0, created.stderr
    assert "已写入备份" in created.stdout and "台账文件：3 个" in created.stdout
    assert [p.name for p in folder.iterdir()] == ["home.tar.zst"]

    members = read_members(archive)
    names = [info.name for info, _ in members]
    backend = "postgresql" if is_postgres(fresh_db_url) else "sqlite"
    assert (
        names[0]
        == {"sqlite": "database/beizeng.db", "postgresql": "database/beizeng.pgdump"}[backend]
    )
    assert names[-1] == "manifest.json"
    registered = submission_paths()
    assert len(registered) == 3
    assert {n for n in names if n.startswith("home/ledgers/")} == {f"home/{p}" for p in registered}
    assert {"home/secret_key", "home/home-id", "home/reports/bulletin-2022-06.docx"} <= set(names)
    assert len([n for n in names if n.startswith("home/library/")]) == 1
    left_out = [n for n in names if n.startswith(("home/logs/", "home/tmp/"))]
    left_out += [
        n for n in names if "orphan" in n or ".tmp-" in n or n.startswith("home/beizeng.db")
    ]
    assert left_out == []
    manifest = json.loads(members[-1][1])
    assert manifest["format_version"] == 1 and manifest["beizeng_version"]
    assert manifest["database"]["backend"] == backend
    assert manifest["database"]["alembic_revision"]
    assert manifest["created_at"].endswith("+00:00")
    assert manifest["home_id"] == (home / "home-id").read_text(encoding="ascii").strip()
    listed = {m["path"]: m for m in manifest["members"]}
    assert set(listed) == set(names[:-1])
    for info, data in members[:-1]:
        assert listed[info.name]["size"] == len(data)
        assert listed[info.name]["sha256"] == hashlib.sha256(data).hexdigest()

    verified = cli("backup", "verify", archive)
    assert verified.exit_code == 0, verified.stderr
    assert "完好" in verified.stdout and "创建时间" in verified.stdout
    assert f"结构版本（alembic）{manifest['database']['alembic_revision']}" in verified.stdout
    assert "与当前数据目录" in verified.stdout

    history = cli("ledger", "history").stdout
    attachments = _attachments()
    restored = tmp_path / "new" / "home"
    if restore_url is not None:
        use(monkeypatch, url=restore_url)
    done = cli("backup", "restore", archive, "--home", restored)
    assert done.exit_code == 0, done.stderr
    assert "已核对 3 个台账文件，全部与登记一致" in done.stdout

    original, copy = tree(home), tree(restored)
    for name in names[1:-1]:
        relative = name.removeprefix("home/")
        assert copy[relative] == original[relative], relative
    files = {n.removeprefix("home/") for n in names[1:-1]}
    assert {n for n in copy if not n.startswith("beizeng.db")} == files
    assert ("beizeng.db" in copy) == (backend == "sqlite")
    assert stat.S_IMODE((restored / "secret_key").stat().st_mode) == 0o600

    use(monkeypatch, home=restored, url=restore_url)
    checked = cli("ledger", "verify")
    assert checked.exit_code == 0, checked.stderr
    assert submission_paths() == registered
    assert cli("ledger", "history").stdout == history
    assert _attachments() == attachments == 1
    # The restored database takes new writes (PostgreSQL: its sequences came back too).
    import_ledger(cli, write_csv(filled.source / "july.csv", [row(1)]), "2022-07")
    again = cli("backup", "verify", archive)
    assert again.exit_code == 0, again.stderr
    assert "与当前数据目录" in again.stdout


@pytest.fixture
def archive(cli: Cli, home: Path, tmp_path: Path) -> Path:
    """A small backup: one institution, one ledger."""
    with session_scope() as session:
        add_institution(session)
    import_ledger(cli, write_csv(tmp_path / "june.csv", [row(1), row(2)]), "2022-06")
    out = tmp_path / "small.tar.zst"
    result = cli("backup", "create", "--out", out)
    assert result.exit_code == 0, result.stderr
    return out


def _refused(result: CliResult, *needles: str) -> None:
    """Exit 1 with a Chinese message naming every needle, and no traceback."""
    assert result.exit_code == 1, result
    assert "错误：" in result.stderr and "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


def _restore_writes_nothing(cli: Cli, archive: Path, tmp_path: Path) -> None:
    target = tmp_path / "restore-target"
    result = cli("backup", "restore", archive, "--home", target)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert not target.exists()


@pytest.mark.parametrize("cut", ["half", "end"])
def test_a_truncated_archive_is_refused_and_restore_writes_nothing(
    cli: Cli, archive: Path, tmp_path: Path, cut: str
) -> None:
    data = archive.read_bytes()
    broken = tmp_path / "truncated.tar.zst"
    broken.write_bytes(data[: len(data) // 2] if cut == "half" else data[:-5])
    _refused(cli("backup", "verify", broken), str(broken), "截断")
    _restore_writes_nothing(cli, broken, tmp_path)


def test_one_byte_changed_in_a_parquet_member_is_named(
    cli: Cli, archive: Path, tmp_path: Path
) -> None:
    members = read_members(archive)
    index, (info, data) = next(
        (i, m) for i, m in enumerate(members) if m[0].name.endswith(".parquet")
    )
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x01
    members[index] = (info, bytes(changed))
    tampered = write_members(tmp_path / "tampered.tar.zst", members)
    _refused(cli("backup", "verify", tampered), info.name, "sha256", "改动")
    _restore_writes_nothing(cli, tampered, tmp_path)


def test_a_backup_from_another_home_fails_verify_naming_both_identities(
    cli: Cli,
    archive: Path,
    home: Path,
    tmp_path: Path,
    fresh_db_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ours = (home / "home-id").read_text(encoding="ascii").strip()
    other = tmp_path / "other-home"
    other.mkdir()
    theirs = uuid.uuid4().hex
    (other / "home-id").write_text(theirs + "\n", encoding="ascii")
    use(monkeypatch, home=other, url=fresh_db_url)
    _refused(cli("backup", "verify", archive), "另一个数据目录", ours, theirs)
    assert tree(other) == {"home-id": f"{theirs}\n".encode()}


def test_a_home_without_identity_verifies_without_comparing(
    cli: Cli, archive: Path, tmp_path: Path, fresh_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(monkeypatch, home=tmp_path / "never-backed-up", url=fresh_db_url)
    result = cli("backup", "verify", archive)
    assert result.exit_code == 0, result.stderr
    assert "尚无标识" in result.stdout
    assert not (tmp_path / "never-backed-up").exists()


def test_restore_into_a_non_empty_home_is_refused_and_changes_nothing(
    cli: Cli, archive: Path, tmp_path: Path
) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    _refused(cli("backup", "restore", archive, "--home", target), str(target), "不是空文件夹")
    assert tree(target) == {"keep.txt": b"mine"}


def test_out_into_a_missing_folder_is_refused_and_writes_nothing(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-folder"
    before = sorted(p.name for p in tmp_path.iterdir())
    _refused(cli("backup", "create", "--out", missing / "b.tar.zst"), str(missing), "不存在")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not (home / "home-id").exists()


def test_out_into_a_read_only_folder_is_refused(cli: Cli) -> None:
    # /proc refuses new files even to root (CI runs as root, where chmod 0555 would not stop it).
    folder = Path("/proc")
    _refused(cli("backup", "create", "--out", folder / "b.tar.zst"), "不可写")
    assert not (folder / "b.tar.zst").exists()


def test_an_existing_out_file_is_never_overwritten(cli: Cli, archive: Path) -> None:
    before = archive.read_bytes()
    _refused(cli("backup", "create", "--out", archive), "已存在")
    assert archive.read_bytes() == before


def _crafted(name: str, kind: bytes = tarfile.REGTYPE, target: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


@pytest.mark.parametrize(
    ("info", "problem"),
    [
        (_crafted("home/../../evil.txt"), ".."),
        (_crafted("/tmp/evil.txt"), "绝对路径"),
        (_crafted("home/ledgers/link", tarfile.SYMTYPE, "/etc/passwd"), "符号链接"),
        (_crafted("home/hard", tarfile.LNKTYPE, "home/secret_key"), "硬链接"),
        (_crafted("home/reports", tarfile.DIRTYPE), "目录"),
        (_crafted("elsewhere/evil.txt"), "不在 home/ 或 database/ 之下"),
    ],
    ids=["dotdot", "absolute", "symlink", "hardlink", "directory", "outside"],
)
def test_members_with_unsafe_paths_or_links_are_refused(
    cli: Cli, archive: Path, tmp_path: Path, info: tarfile.TarInfo, problem: str
) -> None:
    members = read_members(archive)
    members.insert(1, (info, b"evil\n"))
    crafted = write_members(tmp_path / "crafted.tar.zst", members)
    _refused(cli("backup", "verify", crafted), info.name, problem)
    _restore_writes_nothing(cli, crafted, tmp_path)
    assert not (tmp_path / "evil.txt").exists()


def test_a_member_outside_the_manifest_or_missing_from_the_archive_is_named(
    cli: Cli, archive: Path, tmp_path: Path
) -> None:
    members = read_members(archive)
    extra = write_members(
        tmp_path / "extra.tar.zst", [*members[:-1], (_crafted("home/extra.txt"), b"x"), members[-1]]
    )
    _refused(cli("backup", "verify", extra), "home/extra.txt", "不在清单中")
    dropped = next(m for m in members if m[0].name.endswith(".parquet"))
    missing = write_members(tmp_path / "missing.tar.zst", [m for m in members if m is not dropped])
    _refused(cli("backup", "verify", missing), dropped[0].name, "归档中没有")
    _restore_writes_nothing(cli, missing, tmp_path)


def test_an_archive_without_or_with_a_broken_manifest_is_refused(
    cli: Cli, archive: Path, tmp_path: Path
) -> None:
    members = read_members(archive)
    headless = write_members(tmp_path / "headless.tar.zst", members[:-1])
    _refused(cli("backup", "verify", headless), "没有清单 manifest.json")
    info, data = members[-1]
    bad = json.loads(data)
    bad["format_version"] = 99
    newer = write_members(
        tmp_path / "newer.tar.zst", [*members[:-1], (info, json.dumps(bad).encode())]
    )
    _refused(cli("backup", "verify", newer), "格式版本 99")
    not_zstd = tmp_path / "plain.tar.zst"
    not_zstd.write_bytes(b"this is not a backup at all")
    _refused(cli("backup", "verify", not_zstd), "无法解压")
    _refused(cli("backup", "verify", tmp_path / "absent.tar.zst"), "不存在")


@pytest.mark.postgres_only
def test_a_postgresql_backup_is_not_restored_into_a_database_that_holds_data(
    cli: Cli, archive: Path, tmp_path: Path, fresh_db_url: str
) -> None:
    # The configured database is the home's own, full of tables.
    _refused(cli("backup", "restore", archive, "--home", tmp_path / "target"), "不是空的")
    assert not (tmp_path / "target").exists()


@pytest.mark.parametrize(
    "stage", ["extract", pytest.param("database", marks=pytest.mark.postgres_only)]
)
@pytest.mark.parametrize("exists", [False, True], ids=["missing", "empty"])
def test_a_failed_restore_removes_everything_it_wrote(
    cli: Cli,
    archive: Path,
    tmp_path: Path,
    fresh_db_url: str,
    restore_url: str | None,
    monkeypatch: pytest.MonkeyPatch,
    stage: str,
    exists: bool,
) -> None:
    target = tmp_path / "parent" / "target"
    if exists:
        target.mkdir(parents=True)
    if restore_url is not None:
        use(monkeypatch, url=restore_url)
    calls = []
    real_write = service._write

    def failing_write(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise RestoreNotPossible("写入失败（测试）")
        real_write(*args, **kwargs)  # type: ignore[arg-type]

    def failing_restore(url: str, dump: Path) -> None:
        assert dump.is_file()
        raise BackupToolFailed("pg_restore 失败（测试）")

    if stage == "extract":
        monkeypatch.setattr(service, "_write", failing_write)
    else:
        monkeypatch.setattr(service.database, "pg_restore", failing_restore)
    _refused(cli("backup", "restore", archive, "--home", target), "测试")
    if exists:
        assert list(target.iterdir()) == []
    else:
        assert not (tmp_path / "parent").exists()
    if restore_url is not None:
        require_empty_postgres(restore_url)
