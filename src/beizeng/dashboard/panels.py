"""The dashboard's tables, from the cached numbers (issue 14 points 1-3, 7): the targets as the
monitor's evaluation rows, the banks' branches in a county, the replies and the first-loan
funnel per bank, and the 平台服务义务 panel. Every number is a ``kit.numbers.Shown``, every
institution a ``Named``, every figure of a monitor metric a ``Cell`` linked to its explain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from beizeng.dashboard.charts import decimal
from beizeng.kit import numbers
from beizeng.kit.named import Named
from beizeng.kit.numbers import MoneyUnit, Shown
from beizeng.kit.periods import Period
from beizeng.monitor.links import explain_href, target_href
from beizeng.monitor.metrics import REGISTRY
from beizeng.monitor.views import TREND_METRICS, VERDICTS, Cell, ResultRow

CHART_METRICS = TREND_METRICS
"""The metrics of the dashboard's trends, map and branch table (the trend page's)."""


def result_row(t: dict[str, Any], period: str, money_unit: MoneyUnit) -> ResultRow:
    """A cached target result as the monitor's evaluation row: the same figures, links and
    verdict as ``/monitor`` shows for it."""
    unit = t["unit"]

    def cell(value: str | None, reason: str | None, operand: str) -> Cell:
        """The figure of the ``metric`` (actual) or ``bench`` operand, linked to its explain."""
        shown = numbers.metric(decimal(value), unit, money_unit, reason=reason)
        metric = t["metric" if operand == "metric" else "bench_metric"]
        if not metric:
            return Cell(shown)
        at, subject = t[f"{operand}_period"], t[f"{operand}_subject"]
        return Cell(shown, explain_href(at, metric, subject, t[f"{operand}_measure"]))

    return ResultRow(
        t["id"],
        t["title"],
        t["clause"],
        Named(t["code"], t["subject"]),
        t["level"],
        cell(t["actual"], t["actual_reason"], "metric"),
        cell(t["benchmark"], t["benchmark_reason"], "bench"),
        numbers.change(decimal(t["margin"]), unit, money_unit, reason=t["reason"]),
        VERDICTS[t["met"]],
        t["met"],
        t["reason"] or "",
        target_href(t["id"], period),
    )


@dataclass(frozen=True)
class ReplyView:
    """A bank's replies as the dashboard's table shows them (not a monitor metric: no link)."""

    bank: Named
    replied: Shown
    median_workdays: Shown
    overdue: Shown


def replies(rows: list[dict[str, Any]]) -> list[ReplyView]:
    return [
        ReplyView(
            Named(r["code"], r["name"]),
            numbers.count(r["replied"], "笔"),
            numbers.workdays(r["median_workdays"], "尚无已回复的需求"),
            numbers.count(r["overdue"], "笔"),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class FunnelView:
    """A bank's first-loan funnel: the count at each stage and its median working days."""

    bank: Named
    counts: dict[str, Shown]
    median_days: dict[str, Shown]
    credited: Shown


def funnel_rows(rows: list[dict[str, Any]]) -> list[FunnelView]:
    return [
        FunnelView(
            Named(r["code"], r["name"]),
            {s: numbers.count(n, "户") for s, n in r["counts"].items()},
            {s: numbers.workdays(d, "该阶段尚无记录") for s, d in r["median_days"].items()},
            numbers.count(r["credited"], "户"),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class BranchRow:
    """An institution's lending in a county (or the county's total), now and a year ago."""

    name: Named | str
    cells: list[tuple[Cell, Cell]]


def branch_rows(numbers_: dict[str, Any], county: str) -> list[BranchRow]:
    """The county's total first, then each institution's branch there (C-3.1.2), in 万元 and 户,
    every figure linked to its explain (the branch ``INSTITUTION:COUNTY``)."""
    period = Period.parse(numbers_["period"])
    total_key = f"county:{county}"

    def at(slug: str, back: int) -> str | None:
        values = numbers_["series"][slug].get(total_key) or []
        return values[-1 - back] if len(values) > back else None

    entries: list[tuple[Named | str, str, dict[str, Any]]] = [
        (
            "本县区合计",
            county,
            {slug: {"now": at(slug, 0), "year_ago": at(slug, 12)} for slug in CHART_METRICS},
        )
    ]
    entries.extend(
        (Named(b["code"], b["name"]), b["subject"], b["values"])
        for b in numbers_.get("branches", {}).get(county, [])
    )

    def cell(slug: str, value: str | None, when: Period, subject: str) -> Cell:
        shown = numbers.metric(decimal(value), REGISTRY[slug].unit, reason=f"缺少 {when} 的数据")
        return Cell(shown, explain_href(when, slug, subject))

    return [
        BranchRow(
            name,
            [
                (
                    cell(slug, values[slug]["now"], period, subject),
                    cell(slug, values[slug]["year_ago"], period.year_ago, subject),
                )
                for slug in CHART_METRICS
            ],
        )
        for name, subject, values in entries
    ]


@dataclass(frozen=True)
class ObligationRow:
    """One bank's platform obligations (C-3.4.1, C-3.4.2): a result per obligation target."""

    bank: Named
    results: list[ResultRow | None]

    @property
    def late(self) -> int:
        return sum(1 for r in self.results if r is not None and r.met is False)

    @property
    def late_count(self) -> Shown:
        return numbers.count(self.late, "项")


@dataclass(frozen=True)
class Obligations:
    """The 平台服务义务 panel: the platform targets judged per bank, late banks first."""

    targets: list[tuple[str, str, str]]
    """(target id, title, unit) of each column."""
    rows: list[ObligationRow]


def obligations(numbers_: dict[str, Any]) -> Obligations:
    """Every bank judged on the plan's platform targets (four lists by 2022-06-30, C-3.4.1;
    replies within five working days and the overdue count, C-3.4.2), the banks that miss
    most first. Empty when the plan has no platform target."""
    period = numbers_["period"]
    judged = [
        t
        for t in numbers_.get("targets", [])
        if t["kind"] == "platform" and t["level"] == "institution"
    ]
    ids = list(dict.fromkeys(t["id"] for t in judged))
    by_bank: dict[str, dict[str, ResultRow]] = {}
    names: dict[str, str] = {}
    for t in judged:
        by_bank.setdefault(t["code"], {})[t["id"]] = result_row(t, period, "万元")
        names[t["code"]] = t["subject"]
    columns = []
    for target_id in ids:
        first = next(t for t in judged if t["id"] == target_id)
        unit = numbers.metric(None, first["unit"]).unit
        columns.append((target_id, first["title"], unit))
    rows = [
        ObligationRow(Named(code, names[code]), [results.get(i) for i in ids])
        for code, results in by_bank.items()
    ]
    rows.sort(key=lambda r: (-r.late, r.bank.name))
    return Obligations(columns, rows)
