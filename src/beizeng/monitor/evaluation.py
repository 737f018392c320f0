"""Judging a plan's targets: pure functions over immutable values (no database, no queries).

The service reads the numbers (``compute``) and hands this module a lookup from (metric,
subject) to ``Snapshots``; this module decides, for every target and subject, whether the target
is met, by how much (the margin that rankings sort on), or why it cannot be judged
(issue 4 "Evaluate": missing data gives ``met = None`` with the reason, never a silent verdict).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from beizeng.kit.periods import Period
from beizeng.monitor.metrics import REGISTRY, Unit
from beizeng.monitor.plan import Check, Operand, Plan, Target
from beizeng.monitor.rules import (
    MEASURES,
    OPERATORS,
    RATE_MEASURES,
    Reading,
    Snapshots,
    Verdict,
    combine,
    compare,
    not_yet_due,
    ratio_snapshots,
)

LEVEL_NAMES = {"city": "全市", "county": "县（市、区）", "institution": "机构", "group": "机构类别"}


@dataclass(frozen=True)
class Subject:
    """Who is judged: the city, a county, an institution, or a group of institutions."""

    level: str
    code: str
    name: str
    category: str | None = None
    superior: str | None = None


SnapshotLookup = Callable[[str, Subject], Snapshots]
"""(metric slug, subject) → the metric's snapshots for that subject."""


@dataclass(frozen=True)
class CheckOutcome:
    check: Check
    description: str
    actual: Reading
    benchmark: Reading
    unit: Unit
    verdict: Verdict


@dataclass(frozen=True)
class TargetResult:
    target: Target
    subject: Subject
    checks: tuple[CheckOutcome, ...]
    verdict: Verdict

    @property
    def met(self) -> bool | None:
        return self.verdict.met

    @property
    def first(self) -> CheckOutcome:
        return self.checks[0]


@dataclass(frozen=True)
class Indicator:
    """Every measure of one metric for one subject at one period."""

    metric: str
    subject: Subject
    snapshots: Snapshots

    @property
    def unit(self) -> Unit:
        return REGISTRY[self.metric].unit


@dataclass(frozen=True)
class Evaluation:
    plan: Plan
    period: Period
    subjects: tuple[Subject, ...]
    results: tuple[TargetResult, ...]
    indicators: tuple[Indicator, ...]

    def results_of(self, target_id: str) -> list[TargetResult]:
        return [r for r in self.results if r.target.id == target_id]

    def indicator(self, metric: str, level: str, code: str) -> Indicator | None:
        for item in self.indicators:
            if item.metric == metric and item.subject.level == level and item.subject.code == code:
                return item
        return None


def operand_unit(operand: Operand, fallback: Unit) -> Unit:
    """Growth and ratios are fractions; other measures keep the metric's unit."""
    if operand.metric is None:
        return fallback
    if operand.measure in RATE_MEASURES or operand.over:
        return "fraction"
    return REGISTRY[operand.metric].unit


def operand_name(operand: Operand, subject: Subject | None = None) -> str:
    """Chinese wording of an operand, e.g. "全国性银行普惠小微贷款同比增速"."""
    if operand.metric is None:
        return "目标值"
    name = REGISTRY[operand.metric].name
    if operand.over:
        name = f"{name}/{REGISTRY[operand.over].name}"
    who = subject.name if subject is not None else ""
    return f"{who}{name}{MEASURES[operand.measure]}"


def read_operand(
    operand: Operand, subject: Subject, lookup: SnapshotLookup, resolve: Callable[[str], Subject]
) -> Reading:
    """The operand's number for ``subject`` (or for its fixed subject), or why there is none."""
    if operand.constant is not None:
        return Reading(operand.constant)
    assert operand.metric is not None
    who = resolve(operand.subject) if operand.subject else subject
    snapshots = lookup(operand.metric, who)
    if operand.over:
        snapshots = ratio_snapshots(
            snapshots, lookup(operand.over, who), what=REGISTRY[operand.over].name
        )
    reading = snapshots.measure(operand.measure)
    if reading.value is None:
        return Reading(None, f"{who.name}：{reading.reason}")
    return reading


def judge(
    target: Target,
    subject: Subject,
    lookup: SnapshotLookup,
    resolve: Callable[[str], Subject],
    *,
    period: Period,
) -> TargetResult:
    """Evaluate every check of ``target`` for ``subject`` at ``period`` and combine them.

    Before the target's ``due`` month end the numbers are still read (what a bank has done so
    far) but every verdict is the not-yet-due one: neither met nor failed (C-3.4.1).
    """
    pending = not_yet_due(target.due, period)
    outcomes: list[CheckOutcome] = []
    for check in target.checks:
        actual = read_operand(check.left, subject, lookup, resolve)
        benchmark = read_operand(check.right, subject, lookup, resolve)
        unit = operand_unit(check.left, "yuan")
        fixed = resolve(check.right.subject) if check.right.subject else None
        description = (
            f"{operand_name(check.left)}{OPERATORS[check.op][0]}{operand_name(check.right, fixed)}"
        )
        verdict = pending or compare(actual, check.op, benchmark)
        outcomes.append(CheckOutcome(check, description, actual, benchmark, unit, verdict))
    return TargetResult(
        target, subject, tuple(outcomes), pending or combine([o.verdict for o in outcomes])
    )


def rank(results: Sequence[TargetResult]) -> list[tuple[int | None, TargetResult]]:
    """Results ordered by margin, best first; those that cannot be judged come last, unranked."""
    judged = sorted(
        (r for r in results if r.verdict.margin is not None),
        key=lambda r: (-(r.verdict.margin or Decimal(0)), r.subject.code),
    )
    out: list[tuple[int | None, TargetResult]] = [(i + 1, r) for i, r in enumerate(judged)]
    out.extend((None, r) for r in results if r.verdict.margin is None)
    return out


@dataclass(frozen=True)
class NoticeRecord:
    """A supervision notice issued earlier: to whom, for which period and targets."""

    institution_code: str
    period: Period
    targets: tuple[str, ...]


@dataclass(frozen=True)
class Improvement:
    """How an institution noticed earlier stands now (the bulletin's "who improved")."""

    subject: Subject
    noticed_for: Period
    now_met: tuple[str, ...]
    still_failing: tuple[str, ...]

    @property
    def improved(self) -> bool:
        return bool(self.now_met)


def improvements(records: Sequence[NoticeRecord], evaluation: Evaluation) -> list[Improvement]:
    """Compare each earlier notice's targets with this evaluation's results (C-3.1.2)."""
    verdicts = {
        (r.target.id, r.subject.code): r
        for r in evaluation.results
        if r.subject.level == "institution"
    }
    out: list[Improvement] = []
    for record in records:
        now = [verdicts.get((t, record.institution_code)) for t in record.targets]
        found = [r for r in now if r is not None]
        if not found:
            continue
        out.append(
            Improvement(
                found[0].subject,
                record.period,
                tuple(r.target.id for r in found if r.met is True),
                tuple(r.target.id for r in found if r.met is not True),
            )
        )
    return out


def failures(evaluation: Evaluation) -> dict[str, list[TargetResult]]:
    """Per institution code, the targets it failed (what supervision notices are issued for)."""
    out: dict[str, list[TargetResult]] = {}
    for result in evaluation.results:
        if result.subject.level == "institution" and result.met is False:
            out.setdefault(result.subject.code, []).append(result)
    return out


@dataclass(frozen=True)
class Trend:
    """A metric's monthly values for one subject (None where a month has no data)."""

    metric: str
    subject: Subject
    points: tuple[tuple[Period, Decimal | None], ...]
