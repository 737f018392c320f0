"""Numbers of the monitoring reports in words: thin wrappers over ``beizeng.kit.numbers``.

Every figure a person reads goes through ``kit.numbers`` (issue 14 point 1: 万元 with
separators, rates as 10.83%, changes of a rate in 个百分点, counts with separators, never an
exponent); this module only adds what is report-specific: the unit words of an evaluation's
check, the shortfall of a failed check and the 月末 of a period.
"""

from __future__ import annotations

from decimal import Decimal

from beizeng.kit import numbers
from beizeng.kit.numbers import MoneyUnit, Shown
from beizeng.kit.periods import Period
from beizeng.monitor.evaluation import CheckOutcome


def shown(value: Decimal | None, unit: str, money_unit: MoneyUnit = "万元") -> Shown:
    """``value`` of a metric unit word (yuan, fraction, count, bp, item, application)."""
    return numbers.metric(value, unit, money_unit)


def show(value: Decimal | None, unit: str, money_unit: MoneyUnit = "万元") -> str:
    """``value`` with its unit, for prose: "54,882.39万元", "10.83%", "1,234户", "—"."""
    return str(shown(value, unit, money_unit))


def display_unit(unit: str, money_unit: MoneyUnit = "万元") -> str:
    """The unit a table header names for a metric unit word ("%", "万元", "户" …)."""
    return shown(None, unit, money_unit).unit


def margin(outcome: CheckOutcome, money_unit: MoneyUnit = "万元") -> Shown:
    """The signed margin of a check (actual minus benchmark): a rate's in 个百分点."""
    return numbers.change(outcome.verdict.margin, outcome.unit, money_unit)


def gap(outcome: CheckOutcome) -> str:
    """The shortfall of a failed check in the check's unit ("1.20个百分点"); "" without one."""
    value = outcome.verdict.margin
    if value is None:
        return ""
    return str(numbers.change(abs(value), outcome.unit))


def month_end(period: Period) -> str:
    """``2022年12月末``."""
    return f"{period.year}年{period.month}月末"
