"""Crash safety (issue 3, storage): an import killed at any point leaves the previous state.

A child process runs ``beizeng ledger import`` with ``storage.checkpoint`` replaced so that it
SIGKILLs itself at one named point of the write protocol. Afterwards the earlier submission is
still the current one, every recorded file verifies, and scans see only the earlier rows.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from beizeng.config import get_settings
from beizeng.db import session_scope
from beizeng.kit.periods import Period
from beizeng.ledger import service
from beizeng.ledger.scan import LedgerScan
from tests.conftest import CliResult
from tests.ledger.builders import row, write_csv

CHILD = """
import os, signal, sys
from beizeng.ledger import storage

def crash(name: str) -> None:
    if name == sys.argv[1]:
        os.kill(os.getpid(), signal.SIGKILL)

storage.checkpoint = crash
from beizeng.cli.app import run
sys.exit(run(["ledger", "import", sys.argv[2], "--institution", "ICBCLL", "--period", "2022-06"]))
"""


@pytest.mark.parametrize("point", ["written", "synced", "renamed", "recorded"])
def test_import_killed_mid_way_leaves_the_previous_submission_current(
    cli: Callable[..., CliResult], home: Path, tmp_path: Path, point: str
) -> None:
    assert cli("institutions", "import", "--packaged").exit_code == 0
    first = write_csv(tmp_path / "first.csv", [row(1)])
    assert (
        cli("ledger", "import", first, "--institution", "ICBCLL", "--period", "2022-06").exit_code
        == 0
    )
    second = write_csv(tmp_path / "second.csv", [row(1), row(2), row(3)])

    child = subprocess.run(
        [sys.executable, "-c", CHILD, point, str(second)],
        env=dict(os.environ),
        capture_output=True,
        timeout=120,
    )

    assert child.returncode == -signal.SIGKILL
    with session_scope() as session:
        history = service.history(session)
        assert [(h.source_name, h.status) for h in history] == [("first.csv", "current")]
        assert all(
            v.problem is None for v in service.verify_files(session, settings=get_settings())
        )
        loans = LedgerScan(session).loans(periods=[Period(2022, 6)])
        assert loans.count().execute() == 1
    after = cli("ledger", "import", second, "--institution", "ICBCLL", "--period", "2022-06")
    assert after.exit_code == 0, after.stderr
    with session_scope() as session:
        assert LedgerScan(session).loans().count().execute() == 3
