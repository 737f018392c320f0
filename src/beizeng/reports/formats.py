"""Numbers for people in Chinese reports: 万元 for money, percentages for rates."""

from __future__ import annotations

from decimal import Decimal

from beizeng.kit.money import wan_display
from beizeng.kit.periods import Period
from beizeng.monitor.evaluation import CheckOutcome
from beizeng.monitor.rules import Reading


def show(value: Decimal | None, unit: str) -> str:
    """``value`` in its unit: 万元, %, 户, 个基点; "—" when there is none."""
    if value is None:
        return "—"
    if unit == "yuan":
        return f"{wan_display(value)}万元"
    if unit == "fraction":
        return f"{value * 100:.2f}%"
    if unit == "count":
        return f"{int(value):,}户"
    if unit == "bp":
        return f"{value.normalize():f}个基点"
    return str(value)


def show_reading(reading: Reading, unit: str) -> str:
    return show(reading.value, unit)


def gap(outcome: CheckOutcome) -> str:
    """The shortfall of a failed check in the check's unit ("差 1.20 个百分点")."""
    margin = outcome.verdict.margin
    if margin is None:
        return ""
    if outcome.unit == "fraction":
        return f"{abs(margin) * 100:.2f}个百分点"
    return show(abs(margin), outcome.unit)


def month_end(period: Period) -> str:
    """``2022年12月末``."""
    return f"{period.year}年{period.month}月末"
