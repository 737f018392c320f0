"""Numbers as a central bank writes them, in one place for pages, workbooks, bulletins, notices.

Issue 14 point 1: balances in 万元 (亿元 where a page shows city totals) with thousands
separators, rates as percentages with two decimals (10.83%), changes of a rate in 百分点, counts
as integers with separators, never scientific notation, and a missing value as 「—」 that says why.
The digits come from Babel's ``zh_CN`` decimal format (CLDR grouping and symbols); the rounding is
half-up to the shown decimals, as statistical tables round (``kit.money`` rounds money the same
way), done on ``Decimal`` before Babel sees the value so that no float ever enters.

A :class:`Shown` carries the text, the unit and the exact value in that unit: templates render it
bare (``{{ shown }}``, the unit stands in the column header) with the value in ``data-value`` for
the Excel export; prose uses ``str(shown)`` (with the unit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from babel.numbers import format_decimal
from markupsafe import Markup, escape

LOCALE = "zh_CN"
DASH = "—"

MoneyUnit = Literal["万元", "亿元", "元"]
MONEY_SCALES: dict[str, Decimal] = {
    "元": Decimal(1),
    "万元": Decimal(10_000),
    "亿元": Decimal(10**8),
}

METRIC_UNITS: dict[str, str] = {
    "count": "户",
    "fraction": "%",
    "bp": "个基点",
    "item": "项",
    "application": "笔",
}
"""The display unit of each metric unit word (``monitor.metrics.Unit``) other than money."""


Number = Decimal | int | float


def _decimal(value: Number) -> Decimal:
    # str() first: Decimal(0.1) would carry the float's binary noise into the digits.
    return value if isinstance(value, Decimal) else Decimal(str(value))


def decimal_text(value: Number, decimals: int) -> str:
    """``value`` rounded half-up to ``decimals`` places, grouped as zh_CN writes it
    ("54,882.39"); never an exponent, whatever the magnitude."""
    exact = _decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if exact == 0:
        exact = abs(exact)  # no "-0.00"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(exact, format=pattern, locale=LOCALE, decimal_quantization=True)


@dataclass(frozen=True)
class Shown:
    """A number ready for a person: the text without unit, its unit, its exact value in that
    unit (for a typed Excel cell) and, when there is none, why."""

    text: str
    unit: str = ""
    value: Decimal | None = None
    decimals: int = 0
    reason: str | None = None

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def with_unit(self) -> str:
        """For prose: "54,882.39万元", "10.83%", "—"."""
        return self.text if self.missing else f"{self.text}{self.unit}"

    def __str__(self) -> str:
        return self.with_unit

    def __html__(self) -> str:
        """A table cell's content: the bare number, with its value and unit for the export."""
        if self.missing:
            title = f' title="{escape(self.reason)}"' if self.reason else ""
            return f'<span class="num missing"{title}>{DASH}</span>'
        assert self.value is not None
        return str(
            Markup('<span class="num" data-value="{}" data-unit="{}">{}</span>').format(
                format(self.value, "f"), self.unit, self.text
            )
        )


def missing(reason: str | None = None, unit: str = "") -> Shown:
    """「—」, with the reason on hover (no ledger, the denominator is zero, not reported …)."""
    return Shown(DASH, unit, None, 0, reason)


def _shown(value: Decimal, unit: str, decimals: int) -> Shown:
    exact = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return Shown(decimal_text(exact, decimals), unit, exact, decimals)


def money(
    yuan: Number | None,
    unit: MoneyUnit = "万元",
    decimals: int = 2,
    reason: str | None = None,
) -> Shown:
    """Yuan shown in ``unit`` (万元 by default; 亿元 for city totals; 元 for a single amount)."""
    if yuan is None:
        return missing(reason, unit)
    return _shown(_decimal(yuan) / MONEY_SCALES[unit], unit, decimals)


def rate(fraction: Number | None, decimals: int = 2, reason: str | None = None) -> Shown:
    """A fraction as a percentage: 0.1083 → "10.83" %."""
    if fraction is None:
        return missing(reason, "%")
    return _shown(_decimal(fraction) * 100, "%", decimals)


def points(change: Number | None, decimals: int = 2, reason: str | None = None) -> Shown:
    """A change of a rate, in percentage points: 0.012 → "1.20" 个百分点 (the sign kept)."""
    if change is None:
        return missing(reason, "个百分点")
    return _shown(_decimal(change) * 100, "个百分点", decimals)


def count(n: Number | None, unit: str = "户", reason: str | None = None) -> Shown:
    """A whole number of borrowers, loans, lists …: 1234 → "1,234"."""
    if n is None:
        return missing(reason, unit)
    return _shown(_decimal(n), unit, 0)


def workdays(value: Number | None, reason: str | None = None) -> Shown:
    """A median span in working days, one decimal (a median of an even count ends in .5):
    2.5 → "2.5" 个工作日."""
    if value is None:
        return missing(reason, "个工作日")
    return _shown(_decimal(value), "个工作日", 1)


def basis_points(value: Number | None, reason: str | None = None) -> Shown:
    """A rate discount in basis points (C-4.5.2), up to two decimals as reported."""
    if value is None:
        return missing(reason, "个基点")
    exact = _decimal(value)
    decimals = 0 if exact == exact.to_integral_value() else 2
    return _shown(exact, "个基点", decimals)


def metric(
    value: Number | None,
    unit: str,
    money_unit: MoneyUnit = "万元",
    reason: str | None = None,
) -> Shown:
    """A metric's value in its registry unit word (``yuan``, ``count``, ``fraction``, ``bp``,
    ``item``, ``application``)."""
    if unit == "yuan":
        return money(value, money_unit, reason=reason)
    if unit == "fraction":
        return rate(value, reason=reason)
    if unit == "bp":
        return basis_points(value, reason=reason)
    return count(value, METRIC_UNITS.get(unit, ""), reason=reason)


def change(
    value: Number | None,
    unit: str,
    money_unit: MoneyUnit = "万元",
    reason: str | None = None,
) -> Shown:
    """A difference or margin in a metric's unit: a rate's in 百分点, the others as the metric."""
    if unit == "fraction":
        return points(value, reason=reason)
    return metric(value, unit, money_unit, reason)


def fit_money_unit(values: Iterable[Number | None], max_chars: int) -> MoneyUnit:
    """万元 when every value fits in ``max_chars`` characters in 万元 (two decimals), else 亿元:
    a bulletin's table column is as wide as its widest number, never broken across lines."""
    widest = max((len(money(v).text) for v in values if v is not None), default=0)
    return "万元" if widest <= max_chars else "亿元"


def unit_for_totals(values: Iterable[Number | None]) -> MoneyUnit:
    """亿元 when the largest amount reaches 1 亿元 (city totals), else 万元."""
    largest = max((abs(_decimal(v)) for v in values if v is not None), default=Decimal(0))
    return "亿元" if largest >= MONEY_SCALES["亿元"] else "万元"


def axis_label(name: str, unit: str) -> str:
    """A chart axis title: 「贷款余额（万元）」."""
    return f"{name}（{unit}）" if unit else name


def axis_formatter(unit: str) -> Callable[[float, Any], str]:
    """Tick labels for a chart whose values are already in ``unit`` (万元, 亿元, %, 户): grouped
    digits, whole numbers for counts, at most two decimals otherwise (only as many as the tick
    needs), never an offset or an exponent."""
    most = 0 if unit in ("户", "项", "笔") else 2

    def label(value: float, _position: Any = None) -> str:
        exact = _decimal(round(value, most))
        places = max(0, -int(exact.normalize().as_tuple().exponent))
        return decimal_text(exact, min(most, places))

    return label
