"""Compile the metric registry into a few set-based Ibis queries and run them on the scan.

One aggregate per subject level (the city, each county, each institution, each legal-scope group
and each institution's lending in each county), each computing every loan metric at once with
filtered aggregates (``SUM(...) FILTER (WHERE ...)``, ``COUNT(DISTINCT ...) FILTER (...)``) over
all the periods asked for; the five levels are one
``UNION ALL`` statement, so one evaluation reads the ledger in one query, and the statistics in a
second one. Distinct borrower counts are computed at each level, never added up across
institutions: the same borrower may borrow at two banks (DESIGN "Metrics").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import ibis
import ibis.expr.types as ir

from beizeng.kit.periods import Period
from beizeng.monitor.metrics import Metric

LEVELS = ("city", "county", "institution", "group")
"""Subject kinds: the city, a county, an institution, a legal-scope group (national / local)."""

_ROWS = "_rows"
_STATS_TYPES = {
    "period": "string",
    "institution_code": "string",
    "metric": "string",
    "value": "decimal(18, 4)",
}
"""The stats contract's types, restated so that an empty table (no statistics yet) has them."""


class Scan(Protocol):
    """What monitoring needs of ``beizeng.ledger.scan.LedgerScan``."""

    def loans(
        self, *, periods: Sequence[Period] | None = None, institutions: Sequence[str] | None = None
    ) -> ir.Table: ...

    def stats(
        self, *, periods: Sequence[Period] | None = None, metrics: Sequence[str] | None = None
    ) -> ir.Table: ...

    def periods(self) -> list[Period]: ...


Key = tuple[str, str, str, str]
"""(metric, level, subject code, period)."""


@dataclass(frozen=True)
class IndicatorTable:
    """Every metric's value per subject and period; a missing key means "no data"."""

    values: Mapping[Key, Decimal] = field(default_factory=dict)

    def get(self, metric: str, level: str, subject: str, period: Period) -> Decimal | None:
        return self.values.get((metric, level, subject, str(period)))

    def subjects(self, level: str) -> set[str]:
        """The subject codes of ``level`` that have any data."""
        return {key[2] for key in self.values if key[1] == level}


BRANCH_SEPARATOR = ":"
"""A branch subject's code: ``INSTITUTION:COUNTY`` (a bank's lending in one county)."""


def branch_code(institution_code: str, county_code: str) -> str:
    return f"{institution_code}{BRANCH_SEPARATOR}{county_code}"


def _loan_levels(t: ir.Table, city: str) -> dict[str, ir.Value]:
    """The levels loans are summed at (C-3.1.2): the city, each county, each institution, each
    group of institutions, and each institution in each county (``branch``: what a county
    sub-branch follows of the banks' county branches)."""
    return {
        "city": ibis.literal(city),
        "county": t.county_code,
        "institution": t.institution_code,
        "group": t.legal_scope,
        "branch": t.institution_code.concat(BRANCH_SEPARATOR, t.county_code),
    }


def loan_query(t: ir.Table, metrics: Sequence[Metric], *, city: str) -> ir.Table:
    """One statement: for each level, every loan metric per (period, subject) in one pass."""
    aggregates: dict[str, ir.Scalar] = {m.slug: m.aggregate(t) for m in metrics}
    aggregates[_ROWS] = t.count()
    parts = [
        t.group_by(period=t.period, subject=key.cast("string"))
        .aggregate(**aggregates)
        .mutate(level=ibis.literal(level))
        for level, key in _loan_levels(t, city).items()
    ]
    return ibis.union(*parts)


def stats_query(
    s: ir.Table, metrics: Sequence[Metric], *, city: str, scopes: Mapping[str, str]
) -> ir.Table:
    """Institution statistics pivoted per subject: the institutions, and the sums for the city
    and the groups (only additive statistics are read at those levels)."""
    registry = ibis.memtable(
        {"institution_code": list(scopes), "legal_scope": list(scopes.values())}
    )
    s = s.left_join(registry, "institution_code").select(
        s.period, s.institution_code, s.metric, s.value, registry.legal_scope
    )
    aggregates: dict[str, ir.Scalar] = {}
    for m in metrics:
        aggregates[m.slug] = s.value.sum(where=s.metric == m.slug)
        aggregates[f"_n_{m.slug}"] = s.value.count(where=s.metric == m.slug)
    keys = {
        "city": ibis.literal(city),
        "institution": s.institution_code,
        "group": s.legal_scope.fill_null("unknown"),
    }
    parts = [
        s.group_by(period=s.period, subject=key.cast("string"))
        .aggregate(**aggregates)
        .mutate(level=ibis.literal(level))
        for level, key in keys.items()
    ]
    return ibis.union(*parts)


def _rows(expr: ir.Table) -> list[dict[str, Any]]:
    return expr.to_pyarrow().to_pylist()


def compute(
    scan: Scan,
    *,
    periods: Iterable[Period],
    metrics: Sequence[Metric],
    city: str,
    scopes: Mapping[str, str],
) -> IndicatorTable:
    """Every metric in ``metrics`` for every subject at each of ``periods`` (two queries)."""
    wanted = sorted(set(periods))
    values: dict[Key, Decimal] = {}
    loan_metrics = [m for m in metrics if m.from_loans]
    if loan_metrics:
        for row in _rows(loan_query(scan.loans(periods=wanted), loan_metrics, city=city)):
            if not row[_ROWS]:
                continue
            for m in loan_metrics:
                raw = row[m.slug]
                values[(m.slug, row["level"], row["subject"], row["period"])] = Decimal(raw or 0)
    stat_metrics = [m for m in metrics if m.kind == "statistic"]
    if stat_metrics:
        s = scan.stats(periods=wanted, metrics=[m.slug for m in stat_metrics]).cast(_STATS_TYPES)
        for row in _rows(stats_query(s, stat_metrics, city=city, scopes=scopes)):
            level = row["level"]
            for m in stat_metrics:
                if not row[f"_n_{m.slug}"] or (level != "institution" and not m.additive):
                    continue
                values[(m.slug, level, row["subject"], row["period"])] = Decimal(row[m.slug])
    return IndicatorTable(values)
