"""A derived measure traced to its terms (issue 14 point 3): a target's 同比增速, 同比增量 or
同比多增 is computed from month-end values of one metric (``rules.MEASURE_TERMS``), so the figure
links to the explain with ``measure=…``, which states the formula and links each term to the
explain of its month end, where the loans behind it are listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from beizeng.kit.periods import Period
from beizeng.monitor import rules
from beizeng.monitor.errors import MeasureUnknown
from beizeng.monitor.links import explain_href

VALUE = "value"
MEASURE_HELP = (
    "口径：value（期末值，缺省）或派生口径 growth（同比增速）、increase（同比增量）、"
    "last_year_increase（上年同期增量）、increase_vs_last_year（同比多增）、"
    "change_since_year_start（比年初增加）、growth_since_year_start（比年初增速）："
    "另给出其值、公式与各期数值"
)
"""The ``measure`` parameter's help, shared by the page, the API and the command."""


@dataclass(frozen=True)
class Term:
    """One month-end value a measure is computed from, and the explain that shows its rows."""

    term: str
    name: str
    period: Period
    value: Decimal | None
    href: str


@dataclass(frozen=True)
class Measured:
    measure: str
    name: str
    formula: str
    value: Decimal | None
    reason: str | None
    rate: bool
    terms: tuple[Term, ...]


def check_measure(measure: str) -> str:
    """``measure`` if it is ``value`` or a derived measure, else a Chinese 422 naming them."""
    if measure == VALUE or measure in rules.MEASURE_TERMS:
        return measure
    names = "、".join(f"{k}（{rules.MEASURES[k]}）" for k in rules.MEASURE_TERMS)
    raise MeasureUnknown(f"口径「{measure}」不存在，可选：{VALUE}（期末值）、{names}。")


def measured(
    snapshots: rules.Snapshots, measure: str, metric: str, subject: str
) -> Measured | None:
    """The derived ``measure`` of ``metric`` for ``subject`` at the snapshots' month end with its
    terms, as the evaluation computes it (``Snapshots.measure``); None for the value itself."""
    if check_measure(measure) == VALUE:
        return None
    reading = snapshots.measure(measure)
    terms = []
    for term in rules.MEASURE_TERMS[measure]:
        at = rules.term_period(term, snapshots.period)
        value = getattr(snapshots, term).value
        terms.append(
            Term(term, rules.TERM_NAMES[term], at, value, explain_href(at, metric, subject))
        )
    return Measured(
        measure,
        rules.MEASURES[measure],
        rules.FORMULAS[measure],
        reading.value,
        reading.reason,
        measure in rules.RATE_MEASURES,
        tuple(terms),
    )
