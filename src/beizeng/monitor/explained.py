"""What an explain answers (issue 14 point 3): the value of a metric for a subject at a month
end, its composition and the rows it counts with their sources; built by ``lineage.explain``
and shown by the page, the workbook and the JSON (``explain_view``, ``explain_workbook``,
``explain_out``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from beizeng.kit.periods import Period
from beizeng.monitor.evaluation import Subject
from beizeng.monitor.measured import Measured
from beizeng.monitor.metrics import Metric


@dataclass(frozen=True)
class Source:
    """Where a row was read: the institution and its stored submission (id, version)."""

    institution_code: str
    institution: str
    submission_id: str | None
    version: int | None


@dataclass(frozen=True)
class Row:
    """One loan, borrower, statistic or platform record the value counts."""

    sources: tuple[Source, ...]
    loan_id: str | None
    borrower_id: str | None
    borrower_name: str | None
    county_code: str | None
    county: str | None
    balance: Decimal | None
    reasons: str

    @property
    def institution(self) -> str:
        return "、".join(dict.fromkeys(s.institution for s in self.sources))

    @property
    def institution_code(self) -> str:
        return "、".join(dict.fromkeys(s.institution_code for s in self.sources))

    @property
    def submission_id(self) -> str | None:
        ids = [s.submission_id for s in self.sources if s.submission_id is not None]
        return "、".join(dict.fromkeys(ids)) or None

    @property
    def version(self) -> int | None:
        """The version of the (first) submission the row comes from; 1 is the first one."""
        return self.sources[0].version if self.sources else None


@dataclass(frozen=True)
class Part:
    """One part of a composition, with the explain one level deeper where there is one."""

    code: str
    name: str
    value: Decimal
    share: Decimal | None
    href: str | None = None


@dataclass(frozen=True)
class Composition:
    key: str
    title: str
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Explanation:
    period: Period
    metric: Metric
    subject: Subject
    value: Decimal | None
    reason: str | None
    rows: tuple[Row, ...]
    compositions: tuple[Composition, ...] = ()
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    measured: Measured | None = None
    """The derived measure asked for (``measure=``), with its terms; None for the value."""
