"""The demo's ledgers and statistics go in through the banks' own import (issue 3, point 6)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from beizeng import db
from beizeng.config import Settings, get_settings
from beizeng.demo.pipeline import PIPELINE, registry_step
from beizeng.demo.service import generate
from beizeng.institution.errors import InstitutionNotFound
from beizeng.institution.service import import_registry
from beizeng.kit.demorun import DemoRun
from beizeng.ledger import service
from beizeng.ledger.demo import ledger_step
from beizeng.ledger.scan import LedgerScan

KEPT = ("2022-11", "2022-12")


@contextmanager
def _quiet(_title: str) -> Iterator[object]:
    yield lambda done, total: None


def test_ledger_step_imports_generated_files_once_and_runs_after_the_registry(
    home: Path, tmp_path: Path
) -> None:
    generated = tmp_path / "generated"
    generate(generated, scale="tiny", seed=5)
    data = home / "demo"
    shutil.copytree(generated, data, ignore=shutil.ignore_patterns("20[12][0-9]-[01][0-9]"))
    for period in KEPT:
        shutil.copytree(generated / "ledgers" / period, data / "ledgers" / period)
    run = DemoRun(
        settings=Settings(home=home),
        scale="tiny",
        seed=5,
        session_scope=db.session_scope,
        upgrade=lambda: None,
        progress=_quiet,  # type: ignore[arg-type]
    )
    paths = sorted((data / "ledgers").glob("*/*.csv"))
    files = len(paths)

    # Before the registry is imported no bank is known: the first file is refused by its code.
    with pytest.raises(InstitutionNotFound, match=f"机构代码「{paths[0].stem}」不在机构名录中"):
        ledger_step(run)
    with db.session_scope() as session:
        assert service.history(session) == []
        import_registry(session, path=data / "institutions.csv", settings=get_settings())

    ledger_step(run)
    ledger_step(run)

    assert f"导入 {files} 个文件" in run.notes[0]
    assert f"导入 0 个文件共 0 笔，{files} 个文件此前已导入未变" in run.notes[1]
    with db.session_scope() as session:
        assert len(service.history(session)) == files
        scan = LedgerScan(session)
        assert [str(p) for p in scan.periods()] == list(KEPT)
        assert scan.stats(metrics=["deposits"]).count().execute() > 0
    steps = [step.run for step in PIPELINE]
    assert steps.index(registry_step) < steps.index(ledger_step)
