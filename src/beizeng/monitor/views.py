"""What pboc's monitoring pages show (issue 13 point 4; C-3.1.1 follow-up monitoring, C-3.1.2
双线三级, C-4.5.1 credit totals and 两增): the evaluation of a period with the active plan, the
rankings per target, the county view and the trends, each for one principal.

A county sub-branch (``principal.supervised_county``) sees its county's rows only: the county
itself and the institutions registered in it (the legal institutions of that county, such as
its rural commercial bank); the city, the groups and the other counties' and institutions' rows
are not in its view. Rankings keep the city-wide positions, so a county's bank is placed among
all, but only the county's rows are listed.

Issue 14 points 1-3: every number is a ``kit.numbers.Shown`` (units in the column headers, 「—」
with the reason when missing), subjects are ``Named`` (names for people, codes for exports), and
every figure of a metric carries the link to its breakdown (``explain_href``), every target
title the link to its per-subject table (``target_href``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.institution import service as institution_service
from beizeng.kit import numbers, svg_charts
from beizeng.kit.named import Named
from beizeng.kit.numbers import MoneyUnit, Shown
from beizeng.kit.periods import Period
from beizeng.kit.png_charts import TargetLine
from beizeng.monitor import service
from beizeng.monitor.errors import MonitorNoData, SubjectUnknown
from beizeng.monitor.evaluation import Evaluation, Subject, TargetResult
from beizeng.monitor.links import explain_href, target_href
from beizeng.monitor.metrics import REGISTRY
from beizeng.monitor.plan import Operand
from beizeng.monitor.rules import MEASURE_TERMS
from beizeng.reference.regions import LULIANG, get_region

COUNTY_METRICS = ("loans", "inclusive_smb", "inclusive_smb_borrowers", "first_loan_borrowers")
"""The county view's columns, as ``beizeng monitor counties`` prints them."""

TREND_METRICS = (
    "loans",
    "inclusive_smb",
    "inclusive_smb_borrowers",
    "first_loan_borrowers",
    "green",
    "manufacturing_mlt",
)
"""The trend page's charts (the dashboard's)."""

MAX_TREND_MONTHS = 60


def display_unit(unit: str, money_unit: MoneyUnit = "万元") -> str:
    """The unit a person reads for a registry unit word: 万元/亿元, %, 户, 项, 笔, 个基点."""
    return money_unit if unit == "yuan" else numbers.METRIC_UNITS.get(unit, "")


def header(name: str, unit: str, money_unit: MoneyUnit = "万元") -> str:
    """A column header with its unit: 「各项贷款（万元）」 (the cells hold bare numbers)."""
    return numbers.axis_label(name, display_unit(unit, money_unit))


def operand_metric(operand: Operand) -> str | None:
    """The metric whose breakdown explains ``operand``: its own, or for a quotient the registered
    ratio of the same two metrics (loans over deposits → 存贷比), else the numerator's."""
    if operand.metric is None:
        return None
    if operand.over:
        for m in REGISTRY.values():
            if (m.numerator, m.denominator) == (operand.metric, operand.over):
                return m.slug
    return operand.metric


def operand_period(operand: Operand, period: Period) -> Period:
    """The month end whose explain shows ``operand``'s figure: 上年同期值 a year earlier, 年初值
    at the previous year end, the others (derived measures included: their explain states their
    terms, each linked to its own month end) at ``period``."""
    if operand.measure == "previous":
        return period.year_ago
    if operand.measure == "year_start":
        return period.year_start
    return period


def operand_measure(operand: Operand) -> str:
    """The measure the explain of ``operand``'s figure is asked for: a derived one (同比增量 …)
    as such, a value of any month end as the value."""
    return operand.measure if operand.measure in MEASURE_TERMS else "value"


@dataclass(frozen=True)
class Cell:
    """A figure and, when it comes from a monitor metric, the link to its breakdown."""

    shown: Shown
    href: str | None = None


VERDICTS = {True: "达标", False: "未达标", None: "无法评估"}


@dataclass(frozen=True)
class Scope:
    """What a principal sees of an evaluation: everything, or one county and its institutions."""

    county: str | None
    institutions: frozenset[str]

    def sees(self, subject: Subject) -> bool:
        if self.county is None:
            return True
        if subject.level == "county":
            return subject.code == self.county
        if subject.level == "institution":
            return subject.code in self.institutions
        return False

    @property
    def county_name(self) -> str | None:
        return None if self.county is None else get_region(self.county).name


def scope_for(session: Session, principal: Principal) -> Scope:
    """The principal's scope (C-3.1.2): a county sub-branch, its county; else the city."""
    county = principal.supervised_county
    if county is None:
        return Scope(None, frozenset())
    registered = institution_service.list_institutions(session)
    return Scope(county, frozenset(i.code for i in registered if i.county_code == county))


def narrowed(evaluation: Evaluation, scope: Scope) -> Evaluation:
    """The evaluation with only the rows ``scope`` sees."""
    if scope.county is None:
        return evaluation
    return replace(
        evaluation,
        subjects=tuple(s for s in evaluation.subjects if scope.sees(s)),
        results=tuple(r for r in evaluation.results if scope.sees(r.subject)),
        indicators=tuple(i for i in evaluation.indicators if scope.sees(i.subject)),
    )


@dataclass(frozen=True)
class PeriodChoice:
    """The periods a page offers and the one shown (None: no ledger accepted yet)."""

    available: list[Period]
    chosen: Period | None


def _period(session: Session, period: Period | None) -> PeriodChoice:
    available = service.available_periods(session)
    if period is not None and period not in available:
        shown = "、".join(str(p) for p in available[-6:]) or "无"
        raise MonitorNoData(f"没有 {period} 的已接收贷款台账，无法评估。最近已有的期间：{shown}。")
    chosen = period or (max(available) if available else None)
    return PeriodChoice(available, chosen)


@dataclass(frozen=True)
class MonitorContext:
    """What every monitoring page shows on top: the plan in use, the periods, the scope."""

    plan: service.ActivePlan
    periods: PeriodChoice
    scope: Scope


def _context(session: Session, principal: Principal, period: Period | None) -> MonitorContext:
    authorize(principal, "monitor.read")
    return MonitorContext(
        service.active_plan(session), _period(session, period), scope_for(session, principal)
    )


def _evaluate(session: Session, context: MonitorContext) -> Evaluation | None:
    if context.periods.chosen is None:
        return None
    return service.evaluate(session, plan=context.plan.plan, period=context.periods.chosen)


@dataclass(frozen=True)
class ResultRow:
    """One target for one subject: the first check's actual and benchmark in its unit, the
    margin (百分点 for rates), each figure of a metric linked to its breakdown."""

    target: str
    title: str
    clause: str
    subject: Named
    level: str
    actual: Cell
    benchmark: Cell
    margin: Shown
    verdict: str
    met: bool | None
    reason: str
    target_href: str

    @property
    def unit(self) -> str:
        """The unit of the actual and the benchmark (the evaluation table mixes targets of
        every unit, so it has a unit column; a rate's margin is in 个百分点, as its header says)."""
        return self.actual.shown.unit or self.benchmark.shown.unit


def _operand_cell(shown: Shown, operand: Operand, subject: Subject, period: Period | None) -> Cell:
    metric = operand_metric(operand)
    if metric is None or period is None:
        return Cell(shown)
    at = operand_period(operand, period)
    subject_code = operand.subject or subject.code
    return Cell(shown, explain_href(at, metric, subject_code, operand_measure(operand)))


def result_row(r: TargetResult, period: Period) -> ResultRow:
    """The row of ``r`` at ``period`` (C-3.1.1: the verdict with its reason)."""
    first = r.first
    unit = first.unit
    actual = numbers.metric(first.actual.value, unit, reason=first.actual.reason)
    benchmark = numbers.metric(first.benchmark.value, unit, reason=first.benchmark.reason)
    margin = numbers.change(r.verdict.margin, unit, reason=r.verdict.reason)
    return ResultRow(
        r.target.id,
        r.target.title,
        r.target.clause,
        Named(r.subject.code, r.subject.name),
        r.subject.level,
        _operand_cell(actual, first.check.left, r.subject, period),
        _operand_cell(benchmark, first.check.right, r.subject, period),
        margin,
        VERDICTS[r.met],
        r.met,
        r.verdict.reason or "",
        target_href(r.target.id, period),
    )


@dataclass(frozen=True)
class EvaluationPage:
    context: MonitorContext
    rows: list[ResultRow]

    @property
    def met(self) -> int:
        return sum(1 for r in self.rows if r.met is True)


def evaluation_page(
    session: Session, *, principal: Principal, period: Period | None
) -> EvaluationPage:
    """Every target × subject of the active plan at ``period`` (default: the latest), with the
    verdict and the reason (C-3.1.1)."""
    context = _context(session, principal, period)
    evaluation = _evaluate(session, context)
    if evaluation is None:
        return EvaluationPage(context, [])
    seen = narrowed(evaluation, context.scope)
    return EvaluationPage(context, [result_row(r, evaluation.period) for r in seen.results])


@dataclass(frozen=True)
class Ranking:
    target: str
    title: str
    rows: list[tuple[str, ResultRow]]
    href: str

    @property
    def unit(self) -> str:
        """One target, one unit: the actual's and the benchmark's (the column headers)."""
        return self.rows[0][1].actual.shown.unit if self.rows else ""

    @property
    def margin_unit(self) -> str:
        return self.rows[0][1].margin.unit if self.rows else ""


@dataclass(frozen=True)
class RankingsPage:
    context: MonitorContext
    targets: list[tuple[str, str]]
    """Every target ranked per institution: (id, title), for the page's choice."""
    rankings: list[Ranking]


def rankings_page(
    session: Session, *, principal: Principal, period: Period | None, target: str | None
) -> RankingsPage:
    """Institutions ranked on each target's margin (or one target's: an unknown or unranked
    target is a 422 naming the ones that are)."""
    context = _context(session, principal, period)
    evaluation = _evaluate(session, context)
    if evaluation is None:
        return RankingsPage(context, [], [])
    everything = service.rankings(evaluation)
    titles = [(t.id, t.title) for t in evaluation.plan.targets if t.id in everything]
    chosen = service.rankings(evaluation, target=target) if target else everything
    out = []
    for target_id, ranked in chosen.items():
        rows = [
            ("—" if position is None else str(position), result_row(r, evaluation.period))
            for position, r in ranked
            if context.scope.sees(r.subject)
        ]
        href = target_href(target_id, evaluation.period)
        out.append(Ranking(target_id, ranked[0][1].target.title, rows, href))
    return RankingsPage(context, titles, out)


@dataclass(frozen=True)
class CountyRow:
    code: str
    name: Named
    cells: list[Cell]
    growth: Cell
    results: list[ResultRow]


@dataclass(frozen=True)
class CountiesPage:
    context: MonitorContext
    columns: list[str]
    """The headers of the indicator columns, each with its unit."""
    rows: list[CountyRow]


def counties_page(session: Session, *, principal: Principal, period: Period | None) -> CountiesPage:
    """Each county's main indicators and its county-level targets (C-3.1.2), every figure linked
    to the county's breakdown of that metric."""
    context = _context(session, principal, period)
    columns = [header(REGISTRY[m].name, REGISTRY[m].unit) for m in COUNTY_METRICS]
    evaluation = _evaluate(session, context)
    if evaluation is None:
        return CountiesPage(context, columns, [])
    seen = narrowed(evaluation, context.scope)
    at = evaluation.period
    rows = []
    for subject in seen.subjects:
        if subject.level != "county":
            continue
        cells = []
        for m in COUNTY_METRICS:
            item = seen.indicator(m, "county", subject.code)
            reading = item.snapshots.value if item else None
            shown = numbers.metric(
                reading.value if reading else None,
                REGISTRY[m].unit,
                reason=reading.reason if reading else "本期无该县（市、区）数据",
            )
            cells.append(Cell(shown, explain_href(at, m, subject.code)))
        loans = seen.indicator("loans", "county", subject.code)
        growth = loans.snapshots.measure("growth") if loans else None
        growth_shown = numbers.rate(
            growth.value if growth else None, reason=growth.reason if growth else None
        )
        results = [
            result_row(r, at)
            for r in seen.results
            if r.subject.level == "county" and r.subject.code == subject.code
        ]
        rows.append(
            CountyRow(
                subject.code,
                Named(subject.code, subject.name),
                cells,
                Cell(growth_shown, explain_href(at, "loans", subject.code)),
                results,
            )
        )
    return CountiesPage(context, columns, rows)


@dataclass(frozen=True)
class TrendChart:
    metric: str
    name: str
    header: str
    """The table's column header: the metric's name with its unit."""
    svg: str
    points: list[tuple[str, Cell]]
    targets: list[str]
    """The labels of the target levels drawn as dashed lines."""


@dataclass(frozen=True)
class TrendsPage:
    context: MonitorContext
    subject: Subject | None
    choices: list[Subject]
    months: int
    charts: list[TrendChart]


def scale_of(unit: str, money_unit: MoneyUnit) -> Decimal:
    """What a registry value is divided by to be drawn in its display unit."""
    return numbers.MONEY_SCALES[money_unit] if unit == "yuan" else Decimal(1)


def target_lines(
    evaluation: Evaluation | None, slug: str, subject: Subject, money_unit: MoneyUnit
) -> list[TargetLine]:
    """The level each target on ``slug``'s value or growth asks of ``subject`` at the
    evaluated period, in the chart's unit: a value target's benchmark, or for a growth target
    the year-ago value grown by the benchmark rate (C-2.1.1: 贷款增速 10% → 上年同期 × 1.1)."""
    if evaluation is None:
        return []
    unit = REGISTRY[slug].unit
    scale = scale_of(unit, money_unit)
    lines = []
    for r in evaluation.results:
        if (r.subject.level, r.subject.code) != (subject.level, subject.code):
            continue
        left, benchmark = r.first.check.left, r.first.benchmark.value
        if left.metric != slug or left.over or benchmark is None:
            continue
        if left.measure == "value" and r.first.unit == unit:
            level = benchmark
        elif left.measure == "growth":
            item = evaluation.indicator(slug, subject.level, subject.code)
            previous = item.snapshots.measure("previous").value if item else None
            if previous is None:
                continue
            level = previous * (1 + benchmark)
        else:
            continue
        lines.append(TargetLine(f"目标：{r.target.title}", float(level / scale)))
    return lines


def _chart(
    slug: str,
    subject: Subject,
    periods: list[Period],
    values: list[Decimal | None],
    evaluation: Evaluation | None,
) -> TrendChart:
    metric = REGISTRY[slug]
    money_unit = numbers.unit_for_totals(values)
    unit = display_unit(metric.unit, money_unit)
    scale = scale_of(metric.unit, money_unit)
    labels = [str(p) for p in periods]
    scaled = [None if v is None else float(v / scale) for v in values]
    lines = target_lines(evaluation, slug, subject, money_unit)
    svg = svg_charts.line_chart(
        f"{metric.name}：{subject.name}",
        labels,
        [(subject.name, scaled)],
        unit,
        name=metric.name,
        targets=lines,
    )
    points = [
        (
            str(p),
            Cell(
                numbers.metric(v, metric.unit, money_unit, reason=f"缺少 {p} 的数据"),
                explain_href(p, slug, subject.code),
            ),
        )
        for p, v in zip(periods, values, strict=True)
    ]
    title = header(metric.name, metric.unit, money_unit)
    return TrendChart(slug, metric.name, title, svg, points, [line.label for line in lines])


def trends_page(
    session: Session,
    *,
    principal: Principal,
    period: Period | None,
    subject: str | None,
    months: int,
) -> TrendsPage:
    """The monthly trend of the main metrics for one subject the principal sees (default: the
    city, a county sub-branch's county), drawn as inline SVG with the targets' levels."""
    context = _context(session, principal, period)
    months = max(1, min(months, MAX_TREND_MONTHS))
    if context.periods.chosen is None:
        return TrendsPage(context, None, [], months, [])
    scan = service.open_scan(session, context.plan.plan)
    try:
        window = service.trend_window(
            session, scan=scan, period=context.periods.chosen, months=months
        )
        evaluation = service.evaluate(
            session, plan=context.plan.plan, period=context.periods.chosen, scan=scan
        )
    finally:
        scan.close()
    subjects = window.subjects
    everyone = [subjects.city, *subjects.groups, *subjects.counties, *subjects.institutions]
    choices = [s for s in everyone if context.scope.sees(s)]
    default = context.scope.county or LULIANG
    code = subject or default
    who = subjects.resolve(code)
    if not context.scope.sees(who):
        raise SubjectUnknown(f"主体「{code}」不在本县（市、区）的范围内。")
    charts = [
        _chart(slug, who, window.periods, window.values(slug, who), evaluation)
        for slug in TREND_METRICS
    ]
    return TrendsPage(context, who, choices, months, charts)
