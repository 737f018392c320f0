"""The JSON contract of ``beizeng monitor evaluate --format json`` (documented in docs/monitor.md).

Money is yuan as a string with two decimals ("1234.50"), counts (borrowers, lists,
applications) are integers, rates and ratios are fractions (0.1 = 10%), basis points are
numbers; a value that cannot be computed is ``null`` and the result says why in ``reason``.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from beizeng.kit.money import yuan_str
from beizeng.monitor.evaluation import Evaluation, Indicator, TargetResult
from beizeng.monitor.metrics import REGISTRY

Quantity = str | int | float | None


def quantity(value: Decimal | None, unit: str) -> Quantity:
    """A number in the contract's form for its unit."""
    if value is None:
        return None
    if unit == "yuan":
        return yuan_str(value)
    if unit in ("count", "item", "application") and value == value.to_integral_value():
        return int(value)
    return float(value)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CheckOut(_Strict):
    description: str
    actual: Quantity
    benchmark: Quantity
    met: bool | None
    reason: str | None


class ResultOut(_Strict):
    target: str
    title: str
    clause: str
    subject: str
    subject_name: str
    subject_level: str
    actual: Quantity
    benchmark: Quantity
    met: bool | None
    reason: str | None
    margin: Quantity
    checks: list[CheckOut]


class IndicatorOut(_Strict):
    metric: str
    name: str
    unit: str
    subject: str
    subject_level: str
    period: str
    value: Quantity
    previous: Quantity
    growth: float | None
    increase: Quantity
    year_start: Quantity
    change_since_year_start: Quantity


class EvaluationOut(_Strict):
    period: str
    plan: str
    plan_title: str
    results: list[ResultOut]
    indicators: list[IndicatorOut]


def result_out(result: TargetResult) -> ResultOut:
    first = result.first
    checks = [
        CheckOut(
            description=c.description,
            actual=quantity(c.actual.value, c.unit),
            benchmark=quantity(c.benchmark.value, c.unit),
            met=c.verdict.met,
            reason=c.verdict.reason,
        )
        for c in result.checks
    ]
    return ResultOut(
        target=result.target.id,
        title=result.target.title,
        clause=result.target.clause,
        subject=result.subject.code,
        subject_name=result.subject.name,
        subject_level=result.subject.level,
        actual=quantity(first.actual.value, first.unit),
        benchmark=quantity(first.benchmark.value, first.unit),
        met=result.verdict.met,
        reason=result.verdict.reason,
        margin=quantity(result.verdict.margin, first.unit),
        checks=checks,
    )


def indicator_out(item: Indicator, period: str) -> IndicatorOut:
    unit = item.unit
    s = item.snapshots
    growth = s.measure("growth").value
    return IndicatorOut(
        metric=item.metric,
        name=REGISTRY[item.metric].name,
        unit=unit,
        subject=item.subject.code,
        subject_level=item.subject.level,
        period=period,
        value=quantity(s.value.value, unit),
        previous=quantity(s.previous.value, unit),
        growth=None if growth is None else float(growth),
        increase=quantity(s.measure("increase").value, unit),
        year_start=quantity(s.year_start.value, unit),
        change_since_year_start=quantity(s.measure("change_since_year_start").value, unit),
    )


def evaluation_out(evaluation: Evaluation) -> EvaluationOut:
    period = str(evaluation.period)
    return EvaluationOut(
        period=period,
        plan=evaluation.plan.id,
        plan_title=evaluation.plan.title,
        results=[result_out(r) for r in evaluation.results],
        indicators=[indicator_out(i, period) for i in evaluation.indicators],
    )
