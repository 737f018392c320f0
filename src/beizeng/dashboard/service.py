"""Dashboards (issue 7, point 5; C-3.1.1 follow-up monitoring, C-4.4.2 the platform).

pboc: the plan's targets for the latest period, 24-month trends by group and county, the
reply-time table per bank, the first-loan funnel, the county map. A bank: its own. An enterprise:
its demands, matched products and the policies that apply to it.

Ledger-derived numbers are computed once per latest ledger submission (``DashboardCache`` keyed
by the newest current submission id: a new ledger invalidates them); platform numbers (replies,
funnel) once per platform version (the newest demand step, assignment and contact).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.dashboard import charts
from beizeng.dashboard.charts import ChartData
from beizeng.dashboard.errors import ChartUnknown
from beizeng.dashboard.panels import (
    CHART_METRICS,
    BranchRow,
    FunnelView,
    Obligations,
    ReplyView,
    branch_rows,
    funnel_rows,
    obligations,
    replies,
    result_row,
)
from beizeng.dashboard.repository import DashboardRepository
from beizeng.deadline import service as deadlines
from beizeng.demand import service as demands
from beizeng.enterprise import service as enterprises
from beizeng.holiday.service import work_calendar
from beizeng.kit import numbers
from beizeng.kit.clock import china_date
from beizeng.kit.lru import BoundedCache
from beizeng.kit.numbers import Shown
from beizeng.kit.periods import Period
from beizeng.library import service as library
from beizeng.matching import service as matching
from beizeng.monitor import service as monitor
from beizeng.monitor.compute import BRANCH_SEPARATOR
from beizeng.monitor.evaluation import Evaluation, TargetResult
from beizeng.monitor.metrics import REGISTRY
from beizeng.monitor.views import (
    ResultRow,
    operand_measure,
    operand_metric,
    operand_period,
    target_lines,
)
from beizeng.outreach import funnel
from beizeng.reference.regions import LULIANG, luliang_counties

MONTHS = 24
COUNTY_NAMES = {r.code: r.name for r in luliang_counties()}


MEMO_ENTRIES = 32
"""Decoded blocks kept per process: the city's, the groups' and counties' charts and a few
banks' boards stay hot; a bank seen once ages out (consolidation issue, point 7: a module dict
grew with every database and every bank)."""

LAYOUT = "2"
"""The version of what a cached block holds; part of every stamp, so a release that changes it
(2: a target's derived measure, ``metric_measure``, for its explain link) rebuilds old rows
instead of reading them."""

_MEMO: BoundedCache[tuple[str, str, str], Any] = BoundedCache(MEMO_ENTRIES)
"""This process's decoded copies of ``dashboard_cache`` rows, keyed by (database, block, stamp):
a new stamp (a new ledger, a platform change, a new day) is a miss, and the stale entry ages
out."""


def _cached(session: Session, key: str, stamp: str, now: datetime, build: Callable[[], Any]) -> Any:
    """The block ``key`` for ``stamp``: from this process's memo, the cache table, or built."""
    where = (str(session.get_bind().engine.url), key, stamp)  # one memo per database
    memo = _MEMO.get(where)
    if memo is not None:
        return memo
    repo = DashboardRepository(session)
    row = repo.cached(key)
    if row is not None and row.stamp == stamp:
        value = json.loads(row.payload)
    else:
        value = build()
        repo.store(key, stamp, json.dumps(value, ensure_ascii=False), now)
    _MEMO.put(where, value)
    return value


def _text(value: Decimal | None) -> str | None:
    """A Decimal for the JSON cache, exact (``charts.decimal`` reads it back)."""
    return None if value is None else str(value)


def _target(r: TargetResult, period: Period) -> dict[str, Any]:
    """A target result as the cache keeps it: the first check's numbers as text, the metrics
    (and subjects) that explain its actual and its benchmark."""
    first = r.first
    left, right = first.check.left, first.check.right
    return {
        "id": r.target.id,
        "title": r.target.title,
        "clause": r.target.clause,
        "subject": r.subject.name,
        "level": r.subject.level,
        "code": r.subject.code,
        "met": r.verdict.met,
        "reason": r.verdict.reason,
        "unit": str(first.unit),
        "actual": _text(first.actual.value),
        "actual_reason": first.actual.reason,
        "benchmark": _text(first.benchmark.value),
        "benchmark_reason": first.benchmark.reason,
        "margin": _text(r.verdict.margin),
        "metric": operand_metric(left),
        "metric_subject": left.subject or r.subject.code,
        "metric_period": str(operand_period(left, period)),
        "metric_measure": operand_measure(left),
        "bench_metric": operand_metric(right),
        "bench_subject": right.subject or r.subject.code,
        "bench_period": str(operand_period(right, period)),
        "bench_measure": operand_measure(right),
        "kind": REGISTRY[left.metric].kind if left.metric else None,
    }


def _levels(evaluation: Evaluation, trend: monitor.TrendWindow) -> dict[str, Any]:
    """Per chart metric and subject, the levels its targets ask for (yuan or the metric's
    unit), drawn as dashed lines on the trend charts."""
    subjects = trend.subjects
    everyone = [subjects.city, *subjects.groups, *subjects.counties, *subjects.institutions]
    out: dict[str, dict[str, list[list[Any]]]] = {}
    for slug in CHART_METRICS:
        for s in everyone:
            lines = target_lines(evaluation, slug, s, "元")
            if lines:
                key = f"{s.level}:{s.code}"
                out.setdefault(slug, {})[key] = [[line.label, line.value] for line in lines]
    return out


def _ledger_numbers(session: Session) -> dict[str, Any]:
    """Targets at the latest period and every chart metric over 24 months for every subject."""
    periods = monitor.available_periods(session)
    if not periods:
        return {"period": None}
    period = max(periods)
    plan = monitor.load_plan(session=session)
    scan = monitor.open_scan(session, plan)
    try:
        evaluation = monitor.evaluate(session, plan=plan, period=period, scan=scan)
        trend = monitor.trend_window(session, scan=scan, period=period, months=MONTHS)
    finally:
        scan.close()
    subjects, window = trend.subjects, trend.periods
    everyone = [subjects.city, *subjects.groups, *subjects.counties, *subjects.institutions]
    series: dict[str, dict[str, list[str | None]]] = {
        slug: {f"{s.level}:{s.code}": [_text(v) for v in trend.values(slug, s)] for s in everyone}
        for slug in CHART_METRICS
    }
    return {
        "period": str(period),
        "window": [str(p) for p in window],
        "series": series,
        "targets": [_target(r, period) for r in evaluation.results],
        "levels": _levels(evaluation, trend),
        "names": {f"{s.level}:{s.code}": s.name for s in everyone},
        "branches": _branches(trend, period),
    }


def _branches(trend: monitor.TrendWindow, period: Period) -> dict[str, list[dict[str, Any]]]:
    """County → each institution's chart metrics in that county at ``period`` and a year
    earlier: what a county sub-branch reads of the banks' county branches (C-3.1.2)."""
    names = {s.code: s.name for s in trend.subjects.institutions}
    out: dict[str, list[dict[str, Any]]] = {}
    for key in sorted(trend.table.subjects("branch")):
        institution, _, county = key.partition(BRANCH_SEPARATOR)
        values = {
            slug: {
                "now": _text(trend.table.get(slug, "branch", key, period)),
                "year_ago": _text(trend.table.get(slug, "branch", key, period.year_ago)),
            }
            for slug in CHART_METRICS
        }
        out.setdefault(county, []).append(
            {
                "code": institution,
                "subject": key,
                "name": names.get(institution, institution),
                "values": values,
            }
        )
    return out


def _ledger_stamp(session: Session) -> str:
    """The latest submission, the plan in use and the platform's data: a new ledger, a newly
    chosen plan version (issue 13 point 4) or a platform change (the obligations' targets,
    C-3.4.1 and C-3.4.2, read the four lists and the replies) is a new stamp."""
    repo = DashboardRepository(session)
    return (
        f"{LAYOUT}|{repo.latest_submission()}|{monitor.plan_stamp(session)}"
        f"|{repo.platform_version()}"
    )


def ledger_numbers(session: Session, *, now: datetime) -> dict[str, Any]:
    """The ledger part, precomputed per latest submission and plan version."""
    stamp = _ledger_stamp(session)
    return dict(_cached(session, "ledger-numbers", stamp, now, lambda: _ledger_numbers(session)))


@dataclass(frozen=True)
class PageChart:
    """A chart on the page: its data (for the table and the PNG) and its inline drawing."""

    data: ChartData
    svg: str


@dataclass(frozen=True)
class View:
    """What one viewer's dashboard draws: its targets and the charts of its subjects."""

    targets: list[ResultRow]
    charts: list[ChartData]


TARGETS_TITLE = "主要目标完成情况（实际值与比较基准）"


def _view(numbers_: dict[str, Any], principal: Principal, map_metric: str) -> View:
    """The targets and charts of ``principal``'s board: the city's (targets of the city and
    the two groups, trends of both and of the counties, the map), a county sub-branch's
    (C-3.1.2: its county's), a bank's (its own)."""
    period = numbers_["period"]
    everything = numbers_["targets"]
    if principal.is_bank:
        code = principal.institution_code or ""
        own = [t for t in everything if t["level"] == "institution" and t["code"] == code]
        targets = [result_row(t, period, "万元") for t in own]
        trend_sets = [("own", [f"institution:{code}"], "：本行")]
        maps: list[str] = []
    elif principal.supervised_county is not None:
        county = principal.supervised_county
        own = [t for t in everything if t["level"] == "county" and t["code"] == county]
        targets = [result_row(t, period, "万元") for t in own]
        trend_sets = [("county", [f"county:{county}"], "：本县区")]
        maps = []
    else:
        city = [t for t in everything if t["level"] in ("city", "group")]
        targets = [result_row(t, period, "亿元") for t in city]  # city totals
        groups = ["city:" + LULIANG, "group:national", "group:local"]
        counties = [f"county:{c}" for c in COUNTY_NAMES]
        trend_sets = [("groups", groups, "：全市与两类机构"), ("counties", counties, "：分县区")]
        maps = [map_metric if map_metric in CHART_METRICS else CHART_METRICS[0]]
    out: list[ChartData] = []
    if targets:
        out.append(charts.bullets("targets", TARGETS_TITLE, targets))
    out.extend(charts.county_map(numbers_, f"map-{m}", m, COUNTY_NAMES) for m in maps)
    for prefix, keys, suffix in trend_sets:
        if any(k in numbers_["names"] for k in keys):
            out.extend(
                charts.trend(numbers_, f"{prefix}-{slug}", slug, keys, suffix)
                for slug in CHART_METRICS
            )
    return View(targets, out)


def _drawn(session: Session, now: datetime, chart: ChartData, scope: str, stamp: str) -> PageChart:
    """The chart with its SVG, drawn once per data stamp (matplotlib takes a while)."""
    svg = _cached(
        session, f"svg:{scope}:{chart.key}", stamp, now, lambda: charts.svg(chart, COUNTY_NAMES)
    )
    return PageChart(chart, str(svg))


def _scope_key(principal: Principal) -> str:
    if principal.is_bank:
        return f"institution:{principal.institution_code}"
    if principal.supervised_county is not None:
        return f"county:{principal.supervised_county}"
    return "city"


def chart_png(
    session: Session, *, principal: Principal, now: datetime, chart: str, metric: str = "loans"
) -> bytes:
    """The PNG download of one chart of the viewer's dashboard (the same data as the page's);
    a chart the board does not draw is a 404 naming those it does."""
    authorize(principal, "dashboard.bank" if principal.is_bank else "dashboard.supervise")
    numbers_ = ledger_numbers(session, now=now)
    shaded = chart.removeprefix("map-") if chart.startswith("map-") else metric
    drawn = [] if numbers_.get("period") is None else _view(numbers_, principal, shaded).charts
    for data in drawn:
        if data.key == chart:
            return charts.png(data, COUNTY_NAMES)
    known = "、".join(d.key for d in drawn) or "无（尚无已接收的贷款台账）"
    raise ChartUnknown(f"看板没有名为「{chart}」的图表。本看板的图表：{known}。")


@dataclass(frozen=True)
class ReplyRow:
    code: str
    name: str
    replied: int
    median_workdays: float | None
    overdue: int


def reply_table(
    session: Session,
    *,
    now: datetime,
    institution_code: str | None = None,
    county: str | None = None,
) -> list[ReplyRow]:
    """Per bank: replies, median working days from the clock's start to the reply, and late
    replies this month (``deadline.service.overdue_counts``); ``county``: that county's demands."""
    today = china_date(now)
    spans: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    calendar = work_calendar(session)
    for code, name, assigned, accepted, replied in DashboardRepository(session).replies(county):
        names[code] = name
        starts = [t for t in (assigned, accepted) if t is not None]
        if not starts or replied is None:
            continue
        spans.setdefault(code, []).append(
            max(calendar.workdays_between(china_date(min(starts)), china_date(replied)), 0)
        )
    overdue = deadlines.overdue_counts(session, Period.of(today), today=today, county=county)
    codes = sorted(set(spans) | set(overdue))
    if institution_code is not None:
        codes = [c for c in codes if c == institution_code]
    return [
        ReplyRow(
            c,
            names.get(c, c),
            len(spans.get(c, [])),
            float(statistics.median(spans[c])) if spans.get(c) else None,
            overdue.get(c, 0),
        )
        for c in codes
    ]


def _platform(session: Session, principal: Principal, now: datetime) -> dict[str, Any]:
    repo = DashboardRepository(session)
    stamp = f"{LAYOUT}|{repo.latest_submission()}|{repo.platform_version()}|{china_date(now)}"
    key = f"platform:{principal.institution_code or principal.role}:{principal.county_code or ''}"

    def build() -> dict[str, Any]:
        rows = funnel.funnel(session, principal=principal, by="bank")
        replies = reply_table(
            session,
            now=now,
            institution_code=principal.institution_code if principal.is_bank else None,
            county=principal.supervised_county,
        )
        return {
            "funnel": [
                {
                    "code": r.key,
                    "name": r.name,
                    "counts": r.counts,
                    "median_days": r.median_days,
                    "credited": r.credited_first_loans,
                }
                for r in rows
            ],
            "funnel_total": funnel.totals(rows),
            "replies": [r.__dict__ for r in replies],
        }

    return dict(_cached(session, key, stamp, now, build))


@dataclass(frozen=True)
class SupervisorBoard:
    """A supervisor's or a bank's dashboard, every figure through ``kit.numbers`` and linked
    to its explain (issue 14 points 1, 3, 6, 7)."""

    period: str | None
    targets: list[ResultRow]
    charts: list[PageChart]
    replies: list[ReplyView]
    funnel: list[FunnelView]
    funnel_total: dict[str, Shown]
    map_metric: str = ""
    branches: list[BranchRow] = field(default_factory=list)
    county_name: str | None = None
    obligations: Obligations | None = None
    city: bool = False
    """The city's board: its money figures are city totals, in 亿元."""

    def chart(self, prefix: str) -> list[PageChart]:
        """The charts whose key starts with ``prefix`` (``targets``, ``map``, ``groups`` …)."""
        return [c for c in self.charts if c.data.key.startswith(prefix)]


def _board(
    session: Session, *, principal: Principal, now: datetime, map_metric: str
) -> SupervisorBoard:
    numbers_ = ledger_numbers(session, now=now)
    platform = _platform(session, principal, now)
    answered = replies(platform["replies"])
    rows = funnel_rows(platform["funnel"])
    total = {s: numbers.count(n, "户") for s, n in platform["funnel_total"].items()}
    if numbers_.get("period") is None:
        return SupervisorBoard(None, [], [], answered, rows, total)
    view = _view(numbers_, principal, map_metric)
    stamp = _ledger_stamp(session)
    scope = _scope_key(principal)
    drawn = [_drawn(session, now, c, scope, stamp) for c in view.charts]
    county = principal.supervised_county
    city = not principal.is_bank and county is None
    return SupervisorBoard(
        numbers_["period"],
        view.targets,
        drawn,
        answered,
        rows,
        total,
        map_metric=map_metric if map_metric in CHART_METRICS else CHART_METRICS[0],
        branches=branch_rows(numbers_, county) if county else [],
        county_name=COUNTY_NAMES.get(county or ""),
        obligations=obligations(numbers_) if city else None,
        city=city,
    )


def supervisor_board(
    session: Session, *, principal: Principal, now: datetime, map_metric: str = "loans"
) -> SupervisorBoard:
    """pboc's (and gov's) dashboard; a county sub-branch's is its county's (C-3.1.2, 双线三级):
    the county's targets and trends, each bank's lending in the county now and a year ago, and
    the county's replies and funnel."""
    authorize(principal, "dashboard.supervise")
    return _board(session, principal=principal, now=now, map_metric=map_metric)


def bank_board(session: Session, *, principal: Principal, now: datetime) -> SupervisorBoard:
    """A bank's own dashboard: its targets, its trends, its replies and its funnel."""
    authorize(principal, "dashboard.bank")
    return _board(session, principal=principal, now=now, map_metric="")


@dataclass(frozen=True)
class EnterpriseBoard:
    demands: demands.DemandPage
    matches: list[matching.MatchView]
    latest_demand_id: int | None
    policies: list[Any]


def enterprise_board(session: Session, *, principal: Principal, now: datetime) -> EnterpriseBoard:
    """An enterprise's dashboard: its demands, the products matched to its latest demand, and
    the policies that apply to it."""
    authorize(principal, "dashboard.enterprise")
    page = demands.list_demands(session, principal=principal, now=now)
    latest = page.rows[0].demand.id if page.rows else None
    matches = (
        demands.matches_for_demand(session, principal=principal, demand_id=latest, k=5)
        if latest
        else []
    )
    firm = enterprises.own_enterprise(session, principal=principal)
    return EnterpriseBoard(page, matches, latest, library.policies_for(session, enterprise=firm))
