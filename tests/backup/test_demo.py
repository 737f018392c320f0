"""Done when: a demo home, backed up and restored into a new home, passes ``ledger verify`` and
``monitor evaluate`` gives byte-identical JSON in both homes.

Cost, and the smaller way taken. The full ``beizeng demo run --scale tiny`` imports 700 ledger
files: about two minutes on this (shared, two-core) machine, over the budget of the whole backup
suite. So the test generates the tiny demo data, keeps only the month ends that evaluating
2022-12 reads (``monitor.service.evaluation_periods``: 84 files instead of 700) and then runs the
real ``beizeng demo run`` over it, every step of the pipeline included (registry, ledgers,
tools, platform, outreach, bulletin and notices). And it is built once per session, not once per
backend: on PostgreSQL when the run has one (``pg_dump``/``pg_restore`` of a real home is the
part worth the time; the production backend), else on SQLite. Both backends' restores are also
covered by ``test_commands`` and ``test_consistency``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from beizeng import db
from beizeng.cli.app import run
from beizeng.config import get_settings
from beizeng.kit.periods import Period
from beizeng.monitor.service import evaluation_periods
from tests.backup.conftest import empty_postgres, tree, use
from tests.conftest import PG_URL, CliResult

PERIOD = "2022-12"


@dataclass(frozen=True)
class DemoHome:
    home: Path
    url: str | None
    """The PostgreSQL database, or ``None``: SQLite inside the home."""


def _invoke(capsys: pytest.CaptureFixture[str], *args: object) -> CliResult:
    capsys.readouterr()
    code = run([str(a) for a in args])
    out = capsys.readouterr()
    return CliResult(code, out.out, out.err)


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoHome]:
    """The trimmed tiny demo, built once with ``beizeng demo generate`` and ``demo run``."""
    home = tmp_path_factory.mktemp("demo-home") / "home"
    with ExitStack() as stack:
        url = stack.enter_context(empty_postgres()) if PG_URL else None
        with pytest.MonkeyPatch.context() as monkeypatch:
            use(monkeypatch, home=home, url=url)
            data = home / "demo"
            generate = ["demo", "generate", "--scale", "tiny", "--seed", "42", "--out", str(data)]
            assert run(generate) == 0
            keep = {str(p) for p in evaluation_periods(Period.parse(PERIOD))}
            for folder in (data / "ledgers").iterdir():
                if folder.name not in keep:
                    shutil.rmtree(folder)
            assert run(["demo", "run", "--scale", "tiny", "--seed", "42", "--no-serve"]) == 0
        get_settings.cache_clear()
        db.get_engine.cache_clear()
        yield DemoHome(home, url)


def test_a_demo_home_restored_into_a_new_home_verifies_and_evaluates_byte_identically(
    demo_home: DemoHome,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use(monkeypatch, home=demo_home.home, url=demo_home.url)
    assert (demo_home.home / "reports" / f"bulletin-{PERIOD}.docx").is_file()
    before = _invoke(capsys, "monitor", "evaluate", "--period", PERIOD, "--format", "json")
    assert before.exit_code == 0, before.stderr
    assert json.loads(before.stdout)["results"]

    archive = tmp_path / "demo.tar.zst"
    created = _invoke(capsys, "backup", "create", "--out", archive)
    assert created.exit_code == 0, created.stderr
    restored = tmp_path / "restored-home"
    with ExitStack() as stack:
        restore_url = stack.enter_context(empty_postgres()) if demo_home.url else None
        if restore_url is not None:
            use(monkeypatch, url=restore_url)
        done = _invoke(capsys, "backup", "restore", archive, "--home", restored)
        assert done.exit_code == 0, done.stderr
        assert "已核对 84 个台账文件，全部与登记一致" in done.stdout

        use(monkeypatch, home=restored, url=restore_url)
        checked = _invoke(capsys, "ledger", "verify")
        assert checked.exit_code == 0, checked.stderr
        assert "已核对 84 个台账文件" in checked.stdout
        after = _invoke(capsys, "monitor", "evaluate", "--period", PERIOD, "--format", "json")
        assert after.exit_code == 0, after.stderr
        assert after.stdout.encode("utf-8") == before.stdout.encode("utf-8")
        use(monkeypatch, home=demo_home.home, url=demo_home.url)
    assert tree(restored / "reports") == tree(demo_home.home / "reports")
    assert (restored / "demo" / "manifest.json").read_bytes() == (
        demo_home.home / "demo" / "manifest.json"
    ).read_bytes()
    assert (restored / "demo-password").read_bytes() == (
        demo_home.home / "demo-password"
    ).read_bytes()
