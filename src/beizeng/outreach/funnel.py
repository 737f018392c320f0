"""The first-loan funnel per bank, per county and per list: assigned → contacted → demand →
approved → first loan, with the median working days each step took (C-3.3.1)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.holiday.service import work_calendar
from beizeng.institution.service import list_institutions
from beizeng.kit.clock import china_date
from beizeng.outreach import rules
from beizeng.outreach.repository import FunnelFacts, OutreachRepository
from beizeng.outreach.schemas import FunnelRow
from beizeng.reference.regions import luliang_counties
from beizeng.reference.workdays import WorkCalendar

GROUPINGS = {"bank": "按银行", "county": "按县区", "list": "按名单"}
STEP_PAIRS = (
    ("contacted", "assigned"),
    ("demand", "contacted"),
    ("approved", "demand"),
    ("first_loan", "approved"),
)


def _dates(repo: OutreachRepository, facts: list[FunnelFacts]) -> dict[int, rules.Milestones]:
    wanted = {f.entity_id for f in facts}
    contacts: dict[int, list[tuple[date, str]]] = defaultdict(list)
    linked: dict[int, set[int]] = defaultdict(set)
    for entity_id, at, outcome, demand_id in repo.contact_facts(wanted):
        contacts[entity_id].append((china_date(at), outcome))
        if demand_id is not None:
            linked[entity_id].add(demand_id)
    uploaded = repo.list_uploaded()
    demands: dict[str, list[tuple[datetime, datetime | None, str]]] = defaultdict(list)
    for _id, uscc, submitted, replied, status in repo.demand_facts():
        demands[uscc].append((submitted, replied, status))
    out: dict[int, rules.Milestones] = {}
    for f in facts:
        since = uploaded.get(f.list_id)
        own = [d for d in demands.get(f.identifier, []) if since is None or d[0] >= since]
        demand_on = min((china_date(d[0]) for d in own), default=None)
        approved_on = min(
            (china_date(d[1]) for d in own if d[1] and d[2] in ("approved", "disbursed")),
            default=None,
        )
        out[f.entity_id] = rules.milestones(
            assigned=f.assigned_on,
            contacts=contacts.get(f.entity_id, []),
            demand_on=demand_on,
            approved_on=approved_on,
            first_loan_on=f.first_loan_on,
        )
    return out


def _median_days(pairs: list[tuple[date, date]], calendar: WorkCalendar) -> float | None:
    spans = [max(calendar.workdays_between(a, b), 0) for a, b in pairs if b >= a]
    return float(statistics.median(spans)) if spans else None


def _rows(
    facts: list[FunnelFacts],
    dates: dict[int, rules.Milestones],
    key: Callable[[FunnelFacts], str | None],
    names: dict[str, str],
    calendar: WorkCalendar,
) -> list[FunnelRow]:
    groups: dict[str, list[FunnelFacts]] = defaultdict(list)
    for f in facts:
        k = key(f)
        if k is not None:
            groups[k].append(f)
    credited: dict[str, int] = defaultdict(int)
    for f in facts:
        if f.first_loan_code:
            credited[f.first_loan_code] += 1
    rows: list[FunnelRow] = []
    for k in sorted(groups):
        members = [dates[f.entity_id] for f in groups[k]]
        counts = {s: sum(getattr(m, s) is not None for m in members) for s in rules.STAGES}
        medians: dict[str, float | None] = {}
        for later, earlier in STEP_PAIRS:
            pairs = [
                (getattr(m, earlier), getattr(m, later))
                for m in members
                if getattr(m, earlier) is not None and getattr(m, later) is not None
            ]
            medians[later] = _median_days(pairs, calendar)
        rows.append(FunnelRow(k, names.get(k, k), counts, medians, credited.get(k, 0)))
    return rows


def funnel(
    session: Session, *, principal: Principal, by: str = "bank", list_id: int | None = None
) -> list[FunnelRow]:
    """Funnel rows grouped ``by`` bank, county or list. pboc and gov see every bank; a bank sees
    only the entities it holds or held last (and its county, for a county sub-branch user)."""
    authorize(principal, "outreach.read")
    repo = OutreachRepository(session)
    facts = repo.funnel_facts(principal, list_id=list_id)
    dates = _dates(repo, facts)
    calendar = work_calendar(session)
    if by == "county":
        names = {r.code: r.name for r in luliang_counties()}
        return _rows(facts, dates, lambda f: f.county_code, names, calendar)
    if by == "list":
        titles = {str(lst.id): lst.title for lst, _, _ in repo.lists()}
        return _rows(facts, dates, lambda f: str(f.list_id), titles, calendar)
    banks = {i.code: i.name for i in list_institutions(session)}
    return _rows(facts, dates, lambda f: f.institution_code, banks, calendar)


def totals(rows: list[FunnelRow]) -> dict[str, int]:
    """The funnel of all rows together (stage → count)."""
    return {s: sum(r.counts[s] for r in rows) for s in rules.STAGES}
