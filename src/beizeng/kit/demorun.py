"""What the steps of ``beizeng demo run`` share, and how they are run.

Each feature's demo step (``ledger.demo``, ``tools.demo`` …) takes a ``DemoRun``; the step list
(``demo.pipeline``) and the synthetic data (``demo.service``) sit above those features, so the
run's shape lives here, below every feature, and knows nothing of the demo's data: the generated
manifest is kept as an opaque value that only the demo package reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.config import Settings
from beizeng.kit.clock import Clock, SystemClock

Progress = Callable[[int, int], None]
SessionScope = Callable[[], AbstractContextManager[Session]]
ProgressFactory = Callable[[str], AbstractContextManager[Progress]]


@dataclass
class DemoRun:
    """What the steps of a demo run share: where, how big, and the boundary's tools.

    The entrypoint supplies ``settings`` (the one settings object, CONVENTIONS rule 8),
    ``session_scope`` (it owns the transactions), ``upgrade`` (bring the database schema up to
    date) and ``progress`` (a progress bar factory); steps record what they did in ``notes`` and
    may leave results in ``results`` for later steps.
    """

    settings: Settings
    scale: str
    seed: int
    session_scope: SessionScope
    upgrade: Callable[[], None]
    progress: ProgressFactory
    clock: Clock = field(default_factory=SystemClock)
    manifest: object | None = None
    """The generator's ``demo.service.Manifest`` once the first step has generated or found it."""
    generated: bool = False
    notes: list[str] = field(default_factory=list)
    results: dict[str, object] = field(default_factory=dict)

    @property
    def home(self) -> Path:
        return self.settings.resolved_home

    @property
    def data_dir(self) -> Path:
        return self.home / "demo"


@dataclass(frozen=True)
class Step:
    """One named step of the demo run; ``title`` is shown to people."""

    name: str
    title: str
    run: Callable[[DemoRun], None]


def run_pipeline(run: DemoRun, steps: list[Step]) -> Iterator[Step]:
    """Run the steps in order, yielding each one before it runs (for the caller to announce).

    Every step is idempotent: a second run on the same home finds its work done and skips it.
    """
    for step in steps:
        yield step
        step.run(run)
