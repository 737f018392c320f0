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
from beizeng.dashboard import countymap
from beizeng.dashboard.repository import DashboardRepository
from beizeng.deadline import service as deadlines
from beizeng.demand import service as demands
from beizeng.enterprise import service as enterprises
from beizeng.holiday.service import work_calendar
from beizeng.kit import svg_charts
from beizeng.kit.clock import china_date
from beizeng.kit.lru import BoundedCache
from beizeng.kit.periods import Period
from beizeng.library import service as library
from beizeng.matching import service as matching
from beizeng.monitor import service as monitor
from beizeng.monitor.compute import BRANCH_SEPARATOR
from beizeng.monitor.metrics import get_metric
from beizeng.outreach import funnel
from beizeng.reference.regions import LULIANG, luliang_counties

CHART_METRICS = (
    "loans",
    "inclusive_smb",
    "inclusive_smb_borrowers",
    "first_loan_borrowers",
    "green",
    "manufacturing_mlt",
)
MONTHS = 24
COUNTY_NAMES = {r.code: r.name for r in luliang_counties()}


MEMO_ENTRIES = 32
"""Decoded blocks kept per process: the city's, the groups' and counties' charts and a few
banks' boards stay hot; a bank seen once ages out (consolidation issue, point 7: a module dict
grew with every database and every bank)."""

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


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


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
    series: dict[str, dict[str, list[float | None]]] = {
        slug: {f"{s.level}:{s.code}": [_number(v) for v in trend.values(slug, s)] for s in everyone}
        for slug in CHART_METRICS
    }
    targets = [
        {
            "target": r.target.title,
            "clause": r.target.clause,
            "subject": r.subject.name,
            "level": r.subject.level,
            "code": r.subject.code,
            "met": r.verdict.met,
            "reason": r.verdict.reason,
            "checks": [
                {
                    "description": c.description,
                    "actual": _number(c.actual.value),
                    "benchmark": _number(c.benchmark.value),
                    "unit": str(c.unit),
                }
                for c in r.checks
            ],
        }
        for r in evaluation.results
    ]
    return {
        "period": str(period),
        "window": [str(p) for p in window],
        "series": series,
        "targets": targets,
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
                "now": _number(trend.table.get(slug, "branch", key, period)),
                "year_ago": _number(trend.table.get(slug, "branch", key, period.year_ago)),
            }
            for slug in CHART_METRICS
        }
        out.setdefault(county, []).append(
            {"code": institution, "name": names.get(institution, institution), "values": values}
        )
    return out


def _ledger_stamp(session: Session) -> str:
    """The latest submission and the plan in use: a new ledger or a newly chosen plan version
    (issue 13 point 4) is a new stamp."""
    return f"{DashboardRepository(session).latest_submission()}|{monitor.plan_stamp(session)}"


def ledger_numbers(session: Session, *, now: datetime) -> dict[str, Any]:
    """The ledger part, precomputed per latest submission and plan version."""
    stamp = _ledger_stamp(session)
    return dict(_cached(session, "ledger-numbers", stamp, now, lambda: _ledger_numbers(session)))


def _chart(numbers: dict[str, Any], slug: str, keys: list[str], title_suffix: str) -> str:
    metric = get_metric(slug)
    unit = "万元" if metric.unit == "yuan" else "户" if metric.unit == "count" else ""
    scale = 10_000 if metric.unit == "yuan" else 1
    series = [
        (
            numbers["names"][k],
            [None if v is None else v / scale for v in numbers["series"][slug][k]],
        )
        for k in keys
        if k in numbers["series"][slug]
    ]
    return svg_charts.line_chart(f"{metric.name}{title_suffix}", numbers["window"], series, unit)


def trend_charts(
    session: Session, *, now: datetime, subject_keys: list[str], suffix: str, cache_key: str
) -> dict[str, str]:
    """SVG per chart metric for the given subjects, cached with the numbers' stamp."""
    numbers = ledger_numbers(session, now=now)
    if numbers.get("period") is None:
        return {}
    stamp = _ledger_stamp(session)
    return dict(
        _cached(
            session,
            f"charts:{cache_key}",
            stamp,
            now,
            lambda: {slug: _chart(numbers, slug, subject_keys, suffix) for slug in CHART_METRICS},
        )
    )


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
    stamp = f"{repo.latest_submission()}|{repo.platform_version()}|{china_date(now)}"
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


MAP_FORMATS = {"yuan": "{:,.0f} 万元", "count": "{:,.0f} 户"}


def county_map(session: Session, *, now: datetime, metric: str) -> str:
    """The 13-county tile map shaded by ``metric`` at the latest period."""
    numbers = ledger_numbers(session, now=now)
    slug = metric if metric in CHART_METRICS else CHART_METRICS[0]
    m = get_metric(slug)
    scale = 10_000 if m.unit == "yuan" else 1
    values: dict[str, float | None] = {}
    for code in COUNTY_NAMES:
        points = numbers.get("series", {}).get(slug, {}).get(f"county:{code}")
        last = points[-1] if points else None
        values[code] = None if last is None else last / scale
    return countymap.county_map(
        COUNTY_NAMES, values, label=m.name, fmt=MAP_FORMATS.get(m.unit, "{:,.2f}")
    )


@dataclass(frozen=True)
class SupervisorBoard:
    period: str | None
    targets: list[dict[str, Any]]
    group_charts: dict[str, str]
    county_charts: dict[str, str]
    replies: list[dict[str, Any]]
    funnel: list[dict[str, Any]]
    funnel_total: dict[str, int]
    county_map: str
    map_metric: str
    branches: list[dict[str, Any]] = field(default_factory=list)
    county_name: str | None = None


def supervisor_board(
    session: Session, *, principal: Principal, now: datetime, map_metric: str = "loans"
) -> SupervisorBoard:
    """pboc's (and gov's) dashboard; a county sub-branch's is its county's (``county_board``)."""
    authorize(principal, "dashboard.supervise")
    if principal.supervised_county is not None:
        return county_board(session, principal=principal, now=now)
    numbers = ledger_numbers(session, now=now)
    platform = _platform(session, principal, now)
    if numbers.get("period") is None:
        return SupervisorBoard(
            None,
            [],
            {},
            {},
            platform["replies"],
            platform["funnel"],
            platform["funnel_total"],
            "",
            map_metric,
        )
    groups = ["city:" + LULIANG, "group:national", "group:local"]
    counties = [f"county:{c}" for c in COUNTY_NAMES]
    return SupervisorBoard(
        numbers["period"],
        [t for t in numbers["targets"] if t["level"] in ("city", "group")],
        trend_charts(
            session, now=now, subject_keys=groups, suffix="：全市与两类机构", cache_key="groups"
        ),
        trend_charts(
            session, now=now, subject_keys=counties, suffix="：分县区", cache_key="counties"
        ),
        platform["replies"],
        platform["funnel"],
        platform["funnel_total"],
        county_map(session, now=now, metric=map_metric),
        map_metric if map_metric in CHART_METRICS else CHART_METRICS[0],
    )


def county_board(session: Session, *, principal: Principal, now: datetime) -> SupervisorBoard:
    """A county sub-branch's dashboard (C-3.1.2, 双线三级): the county's targets and trends,
    each bank's lending in the county now and a year ago, and the county's replies and funnel."""
    authorize(principal, "dashboard.supervise")
    county = principal.supervised_county or ""
    numbers = ledger_numbers(session, now=now)
    platform = _platform(session, principal, now)
    key = f"county:{county}"
    has_numbers = numbers.get("period") is not None
    return SupervisorBoard(
        numbers.get("period"),
        [t for t in numbers.get("targets", []) if t["level"] == "county" and t["code"] == county],
        {},
        trend_charts(session, now=now, subject_keys=[key], suffix="：本县区", cache_key=key)
        if has_numbers and key in numbers["names"]
        else {},
        platform["replies"],
        platform["funnel"],
        platform["funnel_total"],
        "",
        "",
        branches=[_county_total(numbers, key), *numbers.get("branches", {}).get(county, [])]
        if has_numbers
        else [],
        county_name=COUNTY_NAMES.get(county),
    )


def _county_total(numbers: dict[str, Any], key: str) -> dict[str, Any]:
    """The county's own row (all institutions together) from its trend series: the latest month
    end and twelve months earlier."""

    def at(slug: str, back: int) -> float | None:
        values = numbers["series"][slug].get(key) or []
        return values[-1 - back] if len(values) > back else None

    return {
        "code": key,
        "name": "本县区合计",
        "values": {slug: {"now": at(slug, 0), "year_ago": at(slug, 12)} for slug in CHART_METRICS},
    }


def bank_board(session: Session, *, principal: Principal, now: datetime) -> SupervisorBoard:
    """A bank's own dashboard: its targets, its trends, its replies and its funnel."""
    authorize(principal, "dashboard.bank")
    code = principal.institution_code or ""
    numbers = ledger_numbers(session, now=now)
    platform = _platform(session, principal, now)
    if numbers.get("period") is None:
        return SupervisorBoard(
            None,
            [],
            {},
            {},
            platform["replies"],
            platform["funnel"],
            platform["funnel_total"],
            "",
            "",
        )
    own = f"institution:{code}"
    return SupervisorBoard(
        numbers["period"],
        [t for t in numbers["targets"] if t["level"] == "institution" and t["code"] == code],
        trend_charts(session, now=now, subject_keys=[own], suffix="：本行", cache_key=own)
        if own in numbers["names"]
        else {},
        {},
        platform["replies"],
        platform["funnel"],
        platform["funnel_total"],
        "",
        "",
    )


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
