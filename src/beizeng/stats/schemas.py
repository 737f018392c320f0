"""What a statistics import reports back to the clerk."""

from __future__ import annotations

from dataclasses import dataclass, field

from beizeng.errors import Problem


@dataclass(frozen=True)
class StatsReport:
    """An accepted statistics file: new values, superseded values, unchanged values."""

    file: str
    created: int
    superseded: int
    unchanged: int
    warnings: list[Problem] = field(default_factory=list)
