"""A backup taken while ledgers are being imported is one consistent state (both backends).

A thread imports ledgers through ``beizeng ledger import`` in a loop while the backup runs; the
backup's ``after_snapshot`` point waits until at least one import has committed *after* the
database snapshot, so the home certainly holds a Parquet file the snapshot does not know.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from beizeng.backup import service
from beizeng.cli.app import run
from beizeng.config import get_settings
from beizeng.db import session_scope
from beizeng.models.ledger import LedgerSubmission
from tests.backup.conftest import Cli, import_ledger, read_members, submission_paths, use
from tests.ledger.builders import row, write_csv
from tests.ledger.conftest import add_institution

TIMEOUT = 90.0


def _count() -> int:
    with session_scope() as session:
        return int(session.scalar(select(func.count()).select_from(LedgerSubmission)) or 0)


def _wait(condition: Callable[[], bool], failures: list[int], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert not failures, f"import failed with exit code {failures}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_a_backup_during_imports_holds_exactly_the_files_of_its_snapshot_and_restores_clean(
    cli: Cli,
    home: Path,
    tmp_path: Path,
    restore_url: str | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with session_scope() as session:
        add_institution(session)
    files = [
        write_csv(tmp_path / f"ledger-{i}.csv", [row(n) for n in range(1, i + 3)]) for i in range(3)
    ]
    import_ledger(cli, files[0], "2022-06")
    stop = threading.Event()
    failures: list[int] = []
    imported: list[int] = []

    def keep_importing() -> None:
        i = 0
        while not stop.is_set():
            period = ("2022-05", "2022-06")[i % 2]
            argv = ["ledger", "import", str(files[i % 3]), "--institution", "ICBCLL"]
            code = run([*argv, "--period", period])
            if code:
                failures.append(code)
                return
            imported.append(i)
            i += 1

    def after_snapshot() -> None:
        seen = _count()
        _wait(lambda: _count() > seen, failures, "an import committed after the snapshot")

    worker = threading.Thread(target=keep_importing, name="importer", daemon=True)
    worker.start()
    archive = tmp_path / "during.tar.zst"
    try:
        _wait(lambda: len(imported) >= 1, failures, "the first concurrent import")
        service.create_backup(
            get_settings(), out=archive, now=datetime.now(UTC), after_snapshot=after_snapshot
        )
        started = len(imported)
        _wait(lambda: len(imported) > started, failures, "an import after the backup")
    finally:
        stop.set()
        worker.join(TIMEOUT)
    assert not worker.is_alive() and not failures

    live = submission_paths()
    archived = {
        info.name.removeprefix("home/")
        for info, _ in read_members(archive)
        if info.name.startswith("home/ledgers/")
    }
    on_disk = {p.relative_to(home).as_posix() for p in (home / "ledgers").rglob("*.parquet")}
    later = live - archived
    assert archived < live and later, "imports after the snapshot are not in the backup"
    assert later <= on_disk, "their files were in the home while the backup ran"

    verified = cli("backup", "verify", archive)
    assert verified.exit_code == 0, verified.stderr
    restored = tmp_path / "restored"
    if restore_url is not None:
        use(monkeypatch, url=restore_url)
    done = cli("backup", "restore", archive, "--home", restored)
    assert done.exit_code == 0, done.stderr
    assert f"已核对 {len(archived)} 个台账文件，全部与登记一致" in done.stdout

    use(monkeypatch, home=restored, url=restore_url)
    assert submission_paths() == archived
    checked = cli("ledger", "verify")
    assert checked.exit_code == 0, checked.stderr
    assert {
        p.relative_to(restored).as_posix() for p in (restored / "ledgers").rglob("*.parquet")
    } == archived
