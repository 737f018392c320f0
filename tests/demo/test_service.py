"""Determinism, safe replacement of the output, and the demo pipeline's steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from beizeng.demo import service
from beizeng.demo.errors import DemoOutputOccupied, DemoScaleUnknown
from beizeng.demo.service import Manifest, Step, generate, register_step

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


def test_registered_steps_run_in_order_and_replace_a_step_of_the_same_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(service, "PIPELINE", list(service.PIPELINE))
    seen: list[str] = []
    register_step(Step("bulletin", "通报", lambda run: seen.append("bulletin")))
    register_step(Step("ledger", "导入台账", lambda run: seen.append("ledger")), after="registry")
    register_step(Step("ledger", "导入台账", lambda run: seen.append("ledger2")), after="registry")
    names = [s.name for s in service.PIPELINE]
    assert names == ["generate", "registry", "ledger", "bulletin"]
    run = service.DemoRun(
        home=Path("/nonexistent"),
        scale="tiny",
        seed=1,
        session_scope=lambda: pytest.fail("not used"),  # type: ignore[arg-type,return-value]
        upgrade=lambda: None,
        progress=lambda title: pytest.fail("not used"),  # type: ignore[arg-type,return-value]
    )
    announced = [s.name for s in service.run_pipeline(run, steps=service.PIPELINE[2:])]
    assert announced == ["ledger", "bulletin"] and seen == ["ledger2", "bulletin"]
