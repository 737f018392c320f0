"""Determinism, safe replacement of the output, and the demo pipeline's steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from beizeng.config import Settings
from beizeng.demo.errors import DemoOutputOccupied, DemoScaleUnknown
from beizeng.demo.pipeline import PIPELINE
from beizeng.demo.service import Manifest, generate
from beizeng.kit.demorun import DemoRun, Step, run_pipeline

Demo = tuple[Path, Manifest]


def _checksums(manifest: Manifest) -> dict[str, str]:
    return {f.path: f.sha256 for f in manifest.files}


def test_the_same_seed_gives_identical_files_and_another_seed_different_ones(
    tiny_demo: Demo, tmp_path: Path
) -> None:
    _, first = tiny_demo
    again = generate(tmp_path / "again", scale="tiny", seed=first.seed)
    assert _checksums(again) == _checksums(first)
    other = generate(tmp_path / "other", scale="tiny", seed=first.seed + 1)
    differing = [p for p, s in _checksums(other).items() if _checksums(first).get(p) != s]
    assert "entities.csv" in differing
    assert len([p for p in differing if p.startswith("ledgers/")]) > 600


def test_an_unknown_scale_is_refused_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(DemoScaleUnknown, match="规模「huge」不存在"):
        generate(tmp_path / "x", scale="huge", seed=1)


def test_a_directory_that_is_not_a_demo_is_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "thesis.docx").write_text("precious")
    with pytest.raises(DemoOutputOccupied):
        generate(target, scale="tiny", seed=1)
    assert (target / "thesis.docx").read_text() == "precious"
    assert not (tmp_path / ".mine.partial").exists() or not any(
        (tmp_path / ".mine.partial").iterdir()
    )


def test_the_pipeline_runs_every_features_own_demo_step_in_order_and_evaluates_last() -> None:
    """Each step is the function its feature ships; the order is what the steps read.

    The registry before the ledgers (an import needs the bank: tests/ledger/test_demo.py), the
    ledgers before the tools, the platform and the outreach (they read balances and presence),
    and the evaluation last (it reads all of them). ``beizeng demo run`` prints them in this
    order (tests/demo/test_commands.py).
    """
    assert [(step.name, step.run.__module__, step.run.__name__) for step in PIPELINE] == [
        ("generate", "beizeng.demo.pipeline", "generate_step"),
        ("registry", "beizeng.demo.pipeline", "registry_step"),
        ("ledgers", "beizeng.ledger.demo", "ledger_step"),
        ("tools", "beizeng.tools.demo", "tools_step"),
        ("platform", "beizeng.demand.demo", "platform_step"),
        ("outreach", "beizeng.outreach.demo", "outreach_step"),
        ("monitor", "beizeng.reports.demo", "monitor_step"),
    ]


def test_run_pipeline_announces_each_step_before_running_it() -> None:
    seen: list[str] = []
    steps = [
        Step("a", "甲", lambda run: seen.append("ran a")),
        Step("b", "乙", lambda run: seen.append("ran b")),
    ]
    run = DemoRun(
        settings=Settings(home=Path("/nonexistent")),
        scale="tiny",
        seed=1,
        session_scope=lambda: pytest.fail("not used"),  # type: ignore[arg-type,return-value]
        upgrade=lambda: None,
        progress=lambda title: pytest.fail("not used"),  # type: ignore[arg-type,return-value]
    )
    for step in run_pipeline(run, steps):
        seen.append(f"announce {step.name}")
    assert seen == ["announce a", "ran a", "announce b", "ran b"]
