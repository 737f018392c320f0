"""What pboc's monitoring pages show (issue 13 point 4; C-3.1.1 follow-up monitoring, C-3.1.2
双线三级, C-4.5.1 credit totals and 两增): the evaluation of a period with the active plan, the
rankings per target, the county view and the trends, each for one principal.

A county sub-branch (``principal.supervised_county``) sees its county's rows only: the county
itself and the institutions registered in it (the legal institutions of that county, such as
its rural commercial bank); the city, the groups and the other counties' and institutions' rows
are not in its view. Rankings keep the city-wide positions, so a county's bank is placed among
all, but only the county's rows are listed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.institution import service as institution_service
from beizeng.kit import svg_charts
from beizeng.kit.money import wan_display
from beizeng.kit.periods import Period
from beizeng.monitor import service
from beizeng.monitor.errors import MonitorNoData, SubjectUnknown
from beizeng.monitor.evaluation import Evaluation, Subject, TargetResult
from beizeng.monitor.metrics import REGISTRY
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


def show(value: Decimal | None, unit: str) -> str:
    """A number as a central bank writes it: 万元, %, 户, 个基点; "—" when there is none.

    The same rule as ``reports.formats.show`` (which sits above the monitor and cannot be
    imported here)."""
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


def margin_text(result: TargetResult) -> str:
    """The distance to the benchmark in the check's unit (percentage points for rates)."""
    margin = result.verdict.margin
    if margin is None:
        return "—"
    unit = result.first.unit
    sign = "" if margin >= 0 else "-"
    if unit == "fraction":
        return f"{sign}{abs(margin) * 100:.2f}个百分点"
    return sign + show(abs(margin), unit)


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
    target: str
    title: str
    clause: str
    subject: str
    level: str
    actual: str
    benchmark: str
    margin: str
    verdict: str
    met: bool | None
    reason: str


def result_row(r: TargetResult) -> ResultRow:
    first = r.first
    return ResultRow(
        r.target.id,
        r.target.title,
        r.target.clause,
        r.subject.name,
        r.subject.level,
        show(first.actual.value, first.unit),
        show(first.benchmark.value, first.unit),
        margin_text(r),
        VERDICTS[r.met],
        r.met,
        r.verdict.reason or "",
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
    return EvaluationPage(context, [result_row(r) for r in seen.results])


@dataclass(frozen=True)
class Ranking:
    target: str
    title: str
    rows: list[tuple[str, ResultRow]]


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
            ("—" if position is None else str(position), result_row(r))
            for position, r in ranked
            if context.scope.sees(r.subject)
        ]
        out.append(Ranking(target_id, ranked[0][1].target.title, rows))
    return RankingsPage(context, titles, out)


@dataclass(frozen=True)
class CountyRow:
    code: str
    name: str
    cells: list[str]
    growth: str
    results: list[ResultRow]


@dataclass(frozen=True)
class CountiesPage:
    context: MonitorContext
    columns: list[str]
    rows: list[CountyRow]


def counties_page(session: Session, *, principal: Principal, period: Period | None) -> CountiesPage:
    """Each county's main indicators and its county-level targets (C-3.1.2)."""
    context = _context(session, principal, period)
    columns = [REGISTRY[m].name for m in COUNTY_METRICS]
    evaluation = _evaluate(session, context)
    if evaluation is None:
        return CountiesPage(context, columns, [])
    seen = narrowed(evaluation, context.scope)
    rows = []
    for subject in seen.subjects:
        if subject.level != "county":
            continue
        cells = []
        for m in COUNTY_METRICS:
            item = seen.indicator(m, "county", subject.code)
            cells.append(show(item.snapshots.value.value if item else None, REGISTRY[m].unit))
        loans = seen.indicator("loans", "county", subject.code)
        growth = loans.snapshots.measure("growth").value if loans else None
        results = [
            result_row(r)
            for r in seen.results
            if r.subject.level == "county" and r.subject.code == subject.code
        ]
        rows.append(CountyRow(subject.code, subject.name, cells, show(growth, "fraction"), results))
    return CountiesPage(context, columns, rows)


@dataclass(frozen=True)
class TrendChart:
    metric: str
    name: str
    svg: str
    points: list[tuple[str, str]]


@dataclass(frozen=True)
class TrendsPage:
    context: MonitorContext
    subject: Subject | None
    choices: list[Subject]
    months: int
    charts: list[TrendChart]


def _chart_unit(unit: str) -> tuple[str, Decimal]:
    if unit == "yuan":
        return "万元", Decimal(10_000)
    if unit == "count":
        return "户", Decimal(1)
    return "", Decimal(1)


def _chart(
    slug: str, subject: Subject, periods: list[str], values: list[Decimal | None]
) -> TrendChart:
    metric = REGISTRY[slug]
    label, scale = _chart_unit(metric.unit)
    scaled = [None if v is None else float(v / scale) for v in values]
    svg = svg_charts.line_chart(
        f"{metric.name}：{subject.name}", periods, [(subject.name, scaled)], label
    )
    points = [(p, show(v, metric.unit)) for p, v in zip(periods, values, strict=True)]
    return TrendChart(slug, metric.name, svg, points)


def trends_page(
    session: Session,
    *,
    principal: Principal,
    period: Period | None,
    subject: str | None,
    months: int,
) -> TrendsPage:
    """The monthly trend of the main metrics for one subject the principal sees (default: the
    city, a county sub-branch's county), drawn as inline SVG."""
    context = _context(session, principal, period)
    months = max(1, min(months, MAX_TREND_MONTHS))
    if context.periods.chosen is None:
        return TrendsPage(context, None, [], months, [])
    scan = service.open_scan(session, context.plan.plan)
    try:
        window = service.trend_window(
            session, scan=scan, period=context.periods.chosen, months=months
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
    labels = [str(p) for p in window.periods]
    charts = [_chart(slug, who, labels, window.values(slug, who)) for slug in TREND_METRICS]
    return TrendsPage(context, who, choices, months, charts)
