"""Pure rules of monitoring: measures of a metric, comparisons, verdicts (values in, values out).

Growth (增速) compares a month end with the same month a year earlier; "since the start of the
year" compares it with the previous December (年初); "more increase" (同比多增) compares this year's
increase with last year's (DESIGN "Metrics"; C-2.1.1, C-3.1.3, C-4.5.1). A measure that cannot be
computed carries the reason instead of a number, so that a target is never passed or failed on
missing data: its verdict is ``met = None`` with that reason (issue 4, "Evaluate").
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from beizeng.kit.periods import Period

MEASURES: dict[str, str] = {
    "value": "期末值",
    "previous": "上年同期值",
    "year_start": "年初值",
    "growth": "同比增速",
    "increase": "同比增量",
    "last_year_increase": "上年同期增量",
    "increase_vs_last_year": "同比多增",
    "change_since_year_start": "比年初增加",
    "growth_since_year_start": "比年初增速",
}
"""Every measure a target may compare, with its Chinese name."""

RATE_MEASURES = frozenset({"growth", "growth_since_year_start"})
"""Measures that are fractions whatever the metric's unit."""

MEASURE_TERMS: dict[str, tuple[str, ...]] = {
    "growth": ("value", "previous"),
    "increase": ("value", "previous"),
    "last_year_increase": ("previous", "two_years_ago"),
    "increase_vs_last_year": ("value", "previous", "two_years_ago"),
    "change_since_year_start": ("value", "year_start"),
    "growth_since_year_start": ("value", "year_start"),
}
"""The month-end values (fields of :class:`Snapshots`) each derived measure is computed from:
what a figure of that measure is traced through (issue 14 point 3)."""

TERM_NAMES: dict[str, str] = {
    "value": "期末值",
    "previous": "上年同期值",
    "two_years_ago": "前年同期值",
    "year_start": "年初值",
}

FORMULAS: dict[str, str] = {
    "growth": "期末值 ÷ 上年同期值 − 1",
    "increase": "期末值 − 上年同期值",
    "last_year_increase": "上年同期值 − 前年同期值",
    "increase_vs_last_year": "（期末值 − 上年同期值）−（上年同期值 − 前年同期值）",
    "change_since_year_start": "期末值 − 年初值",
    "growth_since_year_start": "期末值 ÷ 年初值 − 1",
}
"""How each derived measure is computed from its terms, as :meth:`Snapshots.measure` does."""


def term_period(term: str, period: Period) -> Period:
    """The month end of a term of a measure at ``period`` (as :meth:`Snapshots.of` reads it)."""
    return {
        "value": period,
        "previous": period.year_ago,
        "two_years_ago": period.shift(-24),
        "year_start": period.year_start,
    }[term]


OPERATORS: dict[str, tuple[str, Callable[[Decimal, Decimal], bool]]] = {
    ">": ("高于", operator.gt),
    ">=": ("不低于", operator.ge),
    "<": ("低于", operator.lt),
    "<=": ("不高于", operator.le),
}


@dataclass(frozen=True)
class Reading:
    """A number, or the reason why there is none."""

    value: Decimal | None
    reason: str | None = None

    @classmethod
    def missing(cls, period: Period, what: str = "") -> Reading:
        return cls(None, f"缺少 {period} 的{what}数据")


@dataclass(frozen=True)
class Snapshots:
    """One metric of one subject at the four month ends an evaluation of ``period`` needs."""

    period: Period
    value: Reading
    previous: Reading
    two_years_ago: Reading
    year_start: Reading

    @classmethod
    def of(
        cls, period: Period, lookup: Callable[[Period], Decimal | None], *, what: str = ""
    ) -> Snapshots:
        """Read the four dates through ``lookup`` (None = no data for that month end);
        ``what`` names the metric in the reason of a missing value."""

        def read(p: Period) -> Reading:
            found = lookup(p)
            return Reading.missing(p, what) if found is None else Reading(found)

        return cls(
            period,
            read(period),
            read(period.year_ago),
            read(period.shift(-24)),
            read(period.year_start),
        )

    def measure(self, name: str) -> Reading:
        """The measure ``name`` (a key of ``MEASURES``)."""
        value, previous = self.value, self.previous
        if name in ("value", "previous", "year_start"):
            return {"value": value, "previous": previous, "year_start": self.year_start}[name]
        if name == "growth":
            return growth(value, previous, base="上年同期")
        if name == "growth_since_year_start":
            return growth(value, self.year_start, base="年初")
        if name == "increase":
            return difference(value, previous)
        if name == "last_year_increase":
            return difference(previous, self.two_years_ago)
        if name == "increase_vs_last_year":
            return difference(difference(value, previous), difference(previous, self.two_years_ago))
        if name == "change_since_year_start":
            return difference(value, self.year_start)
        raise KeyError(name)


def difference(a: Reading, b: Reading) -> Reading:
    if a.value is None:
        return a
    if b.value is None:
        return b
    return Reading(a.value - b.value)


def growth(value: Reading, base_value: Reading, *, base: str) -> Reading:
    """Growth as a fraction (0.1 = 10%); undefined when the base is zero."""
    if value.value is None:
        return value
    if base_value.value is None:
        return base_value
    if base_value.value == 0:
        return Reading(None, f"{base}值为零，无法计算增速")
    return Reading(value.value / base_value.value - 1)


def ratio(numerator: Reading, denominator: Reading, *, what: str) -> Reading:
    """``numerator / denominator``; a zero denominator gives a reason, not an error."""
    if numerator.value is None:
        return numerator
    if denominator.value is None:
        return denominator
    if denominator.value == 0:
        return Reading(None, f"{what}为零，无法计算比值")
    return Reading(numerator.value / denominator.value)


def ratio_snapshots(numerator: Snapshots, denominator: Snapshots, *, what: str) -> Snapshots:
    """The snapshots of ``numerator / denominator`` (a share or the loan-to-deposit ratio)."""
    return Snapshots(
        numerator.period,
        ratio(numerator.value, denominator.value, what=what),
        ratio(numerator.previous, denominator.previous, what=what),
        ratio(numerator.two_years_ago, denominator.two_years_ago, what=what),
        ratio(numerator.year_start, denominator.year_start, what=what),
    )


@dataclass(frozen=True)
class Verdict:
    """The outcome of one comparison. ``margin`` > 0 means the target is exceeded by that much."""

    met: bool | None
    margin: Decimal | None
    reason: str | None


def compare(actual: Reading, op: str, benchmark: Reading) -> Verdict:
    """Compare ``actual`` with ``benchmark``; missing data gives ``met=None`` with the reason."""
    if actual.value is None or benchmark.value is None:
        reason = actual.reason if actual.value is None else benchmark.reason
        return Verdict(None, None, reason)
    _, fn = OPERATORS[op]
    sign = 1 if op in (">", ">=") else -1
    return Verdict(fn(actual.value, benchmark.value), sign * (actual.value - benchmark.value), None)


def combine(verdicts: Sequence[Verdict]) -> Verdict:
    """All checks of a target must hold: one failure fails it, else missing data leaves it open.

    The margin of a compound target is that of its first check (the ranking key).
    """
    first = verdicts[0]
    if any(v.met is False for v in verdicts):
        return Verdict(False, first.margin, None)
    open_ = [v for v in verdicts if v.met is None]
    if open_:
        return Verdict(None, None, "；".join(v.reason or "" for v in open_))
    return Verdict(True, first.margin, None)


def month_end_name(period: Period) -> str:
    """A month end as the notices and pages word it, e.g. "2022年6月末"."""
    return f"{period.year}年{period.month}月末"


def not_yet_due(due: Period | None, period: Period) -> Verdict | None:
    """The verdict of a target evaluated before the month end it is due at, else None.

    C-3.4.1 has the banks publish their four lists by 2022-06-30: what is published by 2022-03
    is progress, not a failure. Such a target is neither met nor failed (``met = None``) and
    says when it will be judged, so notices and the bulletin, which list failures, skip it.
    """
    if due is None or period >= due:
        return None
    return Verdict(
        None,
        None,
        f"该目标考核时点为{month_end_name(due)}，本期（{month_end_name(period)}）尚未到期",
    )
