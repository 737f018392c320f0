"""What the explain page shows of an explanation (issue 14 points 1–4): numbers as ``Shown``
(the unit in the column header, the exact value kept for the Excel export), institutions and
counties as ``Named`` (names to read, codes for the export's code column), and each part of a
composition linked one level deeper. Pure: an explanation in, display values out.

The value is in 万元 like every monitoring page; the rows are single loans, so their balances
are in 元 to the fen, and the page says so in the headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from beizeng.kit import numbers
from beizeng.kit.named import Named
from beizeng.kit.numbers import Shown
from beizeng.kit.periods import Period
from beizeng.monitor.explain_out import part_unit, row_unit, term_unit
from beizeng.monitor.explained import Composition, Explanation, Row
from beizeng.monitor.measured import Measured


def _figure(value: Decimal | None, unit: str, *, single: bool = False) -> Shown:
    """A metric unit's value; a single row's amount in 元."""
    return numbers.metric(value, unit, money_unit="元" if single else "万元")


@dataclass(frozen=True)
class PartView:
    name: Named | str
    value: Shown
    share: Shown
    href: str | None


@dataclass(frozen=True)
class CompositionView:
    key: str
    title: str
    unit: str
    parts: list[PartView]


@dataclass(frozen=True)
class RowView:
    institution: Named | str
    submission_id: str
    version: Shown
    loan_id: str
    borrower_id: str
    borrower_name: str
    county: str
    balance: Shown
    reasons: str
    row: Row


NAMED_PARTS = ("county", "bank")


def _composition(c: Composition, unit: str) -> CompositionView:
    parts = [
        PartView(
            Named(p.code, p.name) if c.key in NAMED_PARTS else p.name,
            _figure(p.value, unit),
            numbers.rate(p.share, reason="总量为零，无占比"),
            p.href,
        )
        for p in c.parts
    ]
    return CompositionView(c.key, c.title, _figure(Decimal(0), unit).unit, parts)


def _row(r: Row, unit: str) -> RowView:
    single = "、" not in r.institution_code
    return RowView(
        Named(r.institution_code, r.institution) if single else r.institution,
        r.submission_id or "—",
        numbers.count(r.version, unit="", reason="平台记录或人民银行导入，无报送版本"),
        r.loan_id or "—",
        r.borrower_id or "—",
        r.borrower_name or "—",
        r.county or "—",
        _figure(r.balance, unit, single=True),
        r.reasons,
        r,
    )


@dataclass(frozen=True)
class TermView:
    name: str
    period: Period
    value: Shown
    href: str


@dataclass(frozen=True)
class MeasuredView:
    """A derived measure as the page states it: its value, formula and linked terms."""

    name: str
    formula: str
    value: Shown
    terms: list[TermView]


def _measured(found: Measured | None, unit: str) -> MeasuredView | None:
    if found is None:
        return None
    value = (
        numbers.rate(found.value, reason=found.reason)
        if found.rate
        else numbers.change(found.value, unit, reason=found.reason)
    )
    terms = [TermView(t.name, t.period, numbers.metric(t.value, unit), t.href) for t in found.terms]
    return MeasuredView(found.name, found.formula, value, terms)


@dataclass(frozen=True)
class ExplainView:
    explanation: Explanation
    value: Shown
    numerator: Shown | None
    denominator: Shown | None
    compositions: list[CompositionView]
    rows: list[RowView]
    row_unit: str
    measured: MeasuredView | None = None

    @property
    def export_href(self) -> str:
        """The full workbook of the same explanation (``?format=xlsx``)."""
        e = self.explanation
        query = {"period": str(e.period), "metric": e.metric.slug, "subject": e.subject.code}
        if e.measured is not None:
            query["measure"] = e.measured.measure
        return f"?{urlencode(query | {'format': 'xlsx'})}"


def explain_view(e: Explanation) -> ExplainView:
    unit, parts, terms = row_unit(e), part_unit(e), term_unit(e)
    composed = e.metric.composed
    return ExplainView(
        e,
        numbers.metric(e.value, e.metric.unit, reason=e.reason),
        _figure(e.numerator, terms) if composed else None,
        _figure(e.denominator, terms) if composed else None,
        [_composition(c, parts) for c in e.compositions],
        [_row(r, unit) for r in e.rows],
        _figure(Decimal(0), unit, single=True).unit,
        _measured(e.measured, e.metric.unit),
    )
