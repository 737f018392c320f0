"""What a statistics import reports back to the clerk."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from beizeng.errors import Problem


@dataclass(frozen=True)
class StatsReport:
    """An accepted statistics file: new values, superseded values, unchanged values."""

    file: str
    created: int
    superseded: int
    unchanged: int
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class StatsSubmissionRead:
    """One version of an institution's statistics for one period (C-4.5.1)."""

    id: int
    institution_code: str
    institution_name: str
    period: str
    rows: int
    status: str
    supersedes_id: int | None
    source_name: str
    actor: str
    created_at: datetime
    reason: str | None


@dataclass(frozen=True)
class StatsSubmitted:
    """An accepted statistics submission: the recorded version and what the import did."""

    submission: StatsSubmissionRead
    report: StatsReport
