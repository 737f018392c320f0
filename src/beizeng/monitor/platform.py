"""The platform's obligations as metrics: sources registered from above, merged into the table.

C-3.4.1 (each bank publishes its four lists by 2022-06-30) and C-3.4.2 (no-loan small firms'
applications answered within five working days) are judged from platform data, not ledgers.
That data belongs to ``beizeng.product`` and ``beizeng.demand``, which sit above the monitor
(import-linter), so the monitor declares what it needs (``PlatformSource``) and the features
register their providers at the assembly point (``beizeng.assembly.wire``), as ``kit.hooks``
listeners are. Providers return plain values: per (metric, institution code, period) a count.

Without a registered source (a unit test that evaluates without wiring) a platform metric has
no value and its targets are 无法评估 with the reason; with one, an institution that has no row
has none of what is counted (zero lists, zero applications): the platform's data is complete,
unlike ledgers, where a missing file is missing data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Protocol, TypedDict

from sqlalchemy.orm import Session

from beizeng.kit.periods import Period
from beizeng.monitor.compute import IndicatorTable, Key
from beizeng.monitor.errors import MetricUnknown
from beizeng.monitor.metrics import REGISTRY, platform_metrics

PlatformKey = tuple[str, str, str]
"""(metric slug, institution code, period ``YYYY-MM``)."""

NOT_WIRED = "{name}来自综合金融服务平台，本次评估未接入平台数据，无法评估"
"""The reason a platform metric has no value when no source answers it."""


class ExplainRow(TypedDict):
    """One platform record a metric counts, in the shape of ``monitor explain``'s rows."""

    institution: str
    submission_id: int
    loan_id: str | None
    borrower_id: str | None
    balance: Decimal | None
    reasons: str


class PlatformSource(Protocol):
    """What a feature above the monitor provides for some platform metrics."""

    @property
    def metrics(self) -> frozenset[str]:
        """The slugs this source answers."""
        ...

    def values(
        self, session: Session, *, periods: Sequence[Period]
    ) -> Mapping[PlatformKey, Decimal]:
        """Each answered metric per institution code and period (absent: none counted)."""
        ...

    def explain_rows(
        self, session: Session, *, period: Period, metric: str, institution: str | None
    ) -> list[ExplainRow]:
        """The records ``metric`` counts at ``period`` (one institution's, or all)."""
        ...


_SOURCES: list[PlatformSource] = []


def register_source(source: PlatformSource) -> None:
    """Add ``source`` once (wiring twice, as tests and the demo may, changes nothing)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def unregister_source(source: PlatformSource) -> None:
    """Remove ``source`` (tests that evaluate without the platform)."""
    if source in _SOURCES:
        _SOURCES.remove(source)


def wired_metrics() -> frozenset[str]:
    """The platform metrics some registered source answers, with the shares composed of them."""
    answered = {slug for source in _SOURCES for slug in source.metrics}
    composed = {
        m.slug
        for m in REGISTRY.values()
        if m.kind == "platform" and m.composed and {m.numerator, m.denominator} <= answered
    }
    return frozenset(answered | composed)


def institution_values(
    session: Session, *, periods: Sequence[Period]
) -> dict[PlatformKey, Decimal]:
    """Every registered source's values for ``periods``."""
    out: dict[PlatformKey, Decimal] = {}
    wanted = sorted(set(periods))
    for source in _SOURCES:
        out.update(source.values(session, periods=wanted))
    return out


def roll_up(
    values: Mapping[PlatformKey, Decimal], *, city: str, scopes: Mapping[str, str]
) -> dict[Key, Decimal]:
    """The indicator keys of platform values: each institution's, and for additive metrics the
    city's and each legal-scope group's sums (the four lists are not additive: a city has no
    "lists published"; the overdue count sums). Pure."""
    out: dict[Key, Decimal] = {}
    for (slug, code, period), value in values.items():
        out[(slug, "institution", code, period)] = value
        if not REGISTRY[slug].additive:
            continue
        for level, subject in (("city", city), ("group", scopes.get(code, "unknown"))):
            key = (slug, level, subject, period)
            out[key] = out.get(key, Decimal(0)) + value
    return out


def with_platform(
    table: IndicatorTable,
    session: Session,
    *,
    periods: Sequence[Period],
    city: str,
    scopes: Mapping[str, str],
) -> IndicatorTable:
    """``table`` with the platform metrics' values merged in (an unchanged table unwired)."""
    if not _SOURCES:
        return table
    merged = dict(table.values)
    merged.update(roll_up(institution_values(session, periods=periods), city=city, scopes=scopes))
    return IndicatorTable(merged)


def explain_rows(
    session: Session, *, period: Period, metric: str, institution: str | None
) -> list[ExplainRow]:
    """The platform records ``metric`` counts at ``period``, from the source that answers it
    (``beizeng monitor explain``; the caller authorizes and masks). For the share, the
    applications due (each row's reason says whether it was answered in time)."""
    m = REGISTRY.get(metric)
    if m is None or m.kind != "platform":
        known = "、".join(x.slug for x in platform_metrics())
        raise MetricUnknown(f"指标「{metric}」不是平台指标。平台指标：{known}。")
    slug = m.denominator if m.composed and m.denominator else metric
    for source in _SOURCES:
        if slug in source.metrics:
            return source.explain_rows(session, period=period, metric=slug, institution=institution)
    raise MetricUnknown(NOT_WIRED.format(name=m.name) + "。")
