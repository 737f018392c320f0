"""The dashboard's charts as data, drawn inline (SVG) and for download (PNG), each with its
table (issue 14 point 6): the targets as bullet bars against their benchmarks, the trends of the
main metrics with the targets' levels, the county tile map.

A chart is built from the cached numbers of ``dashboard.service`` (Decimal values as text) into a
``ChartData``: the series in their display unit (万元, or 亿元 where the values are city
totals, %, 户), the same numbers as ``Shown`` cells linked to their explain for the table, and
the target levels. The page draws it as SVG, ``/dashboard/charts/<key>.png`` as PNG: one data
object, two renderings, so the download is the chart on the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beizeng.dashboard import countymap
from beizeng.kit import numbers, png_charts, svg_charts
from beizeng.kit.named import Named
from beizeng.kit.numbers import MoneyUnit, Shown
from beizeng.kit.png_charts import Bullet, TargetLine
from beizeng.monitor.links import explain_href
from beizeng.monitor.metrics import get_metric
from beizeng.monitor.views import Cell, ResultRow, display_unit, header, scale_of


def decimal(value: str | float | None) -> Decimal | None:
    """A cached number back as Decimal (stored as text; floats of older caches read alike)."""
    return None if value is None else Decimal(str(value))


@dataclass(frozen=True)
class ChartData:
    """One chart: its title, unit and series, and the table that says the same in numbers."""

    key: str
    title: str
    kind: str
    """``lines``, ``bullets`` or ``map``."""
    unit: str
    name: str
    labels: list[str]
    series: list[tuple[str, list[float | None]]]
    columns: list[str]
    """The table's headers (the first names the rows)."""
    rows: list[tuple[Any, list[Any]]]
    """(row label, cells): ``Cell``s of figures, or text."""
    targets: list[TargetLine]
    bullets: list[Bullet]
    tiles: list[tuple[str, Cell]]

    @property
    def png_href(self) -> str:
        return f"/dashboard/charts/{self.key}.png"


def subject_code(key: str) -> str:
    """The explain subject of a cached series key ``level:code`` (``institution:ICBCLL``)."""
    return key.partition(":")[2]


def trend(
    numbers_: Mapping[str, Any], key: str, slug: str, keys: Sequence[str], suffix: str
) -> ChartData:
    """The 24-month lines of ``slug`` for the subjects ``keys``, in 亿元 when one of them
    reaches 1 亿元 (city totals), with the targets' levels of those subjects."""
    metric = get_metric(slug)
    present = [k for k in keys if k in numbers_["series"][slug]]
    values = {k: [decimal(v) for v in numbers_["series"][slug][k]] for k in present}
    money_unit: MoneyUnit = numbers.unit_for_totals(v for vs in values.values() for v in vs)
    scale = scale_of(metric.unit, money_unit)
    names = numbers_["names"]
    periods: list[str] = numbers_["window"]
    targets = [
        TargetLine(
            label if len(present) == 1 else f"{label}（{names[k]}）",
            float(Decimal(str(level)) / scale),
        )
        for k in present
        for label, level in numbers_.get("levels", {}).get(slug, {}).get(k, [])
    ]
    rows = [
        (
            period,
            [
                Cell(
                    numbers.metric(values[k][i], metric.unit, money_unit, reason="本月无数据"),
                    explain_href(period, slug, subject_code(k)),
                )
                for k in present
            ],
        )
        for i, period in enumerate(periods)
    ]
    unit = display_unit(metric.unit, money_unit)
    return ChartData(
        key,
        f"{metric.name}{suffix}",
        "lines",
        unit,
        metric.name,
        periods,
        [(names[k], [None if v is None else float(v / scale) for v in values[k]]) for k in present],
        ["期间", *(f"{names[k]}（{unit}）" if unit else names[k] for k in present)],
        rows,
        targets,
        [],
        [],
    )


def bullets(key: str, title: str, targets: Sequence[ResultRow]) -> ChartData:
    """Each target's actual as a bar against a mark at its benchmark (its own scale per row)."""
    items = [
        Bullet(
            f"{t.title}（{t.subject}）" if t.level == "group" else t.title,
            None if t.actual.shown.value is None else float(t.actual.shown.value),
            None if t.benchmark.shown.value is None else float(t.benchmark.shown.value),
            t.actual.shown.with_unit,
            t.met,
        )
        for t in targets
    ]
    rows = [(t.title, [t.subject, t.unit, t.actual, t.benchmark, t.verdict]) for t in targets]
    return ChartData(
        key,
        title,
        "bullets",
        "",
        "",
        [],
        [],
        ["目标", "主体", "单位", "实际值", "比较基准", "结果"],
        rows,
        [],
        items,
        [],
    )


def county_map(
    numbers_: Mapping[str, Any], key: str, slug: str, counties: Mapping[str, str]
) -> ChartData:
    """The 13 counties shaded by ``slug`` at the latest period, in 亿元 when a county's total
    reaches 1 亿元, each tile and table row linked to the county's explain."""
    metric = get_metric(slug)
    period = numbers_["period"]
    last: dict[str, Decimal | None] = {}
    for code in counties:
        points = numbers_.get("series", {}).get(slug, {}).get(f"county:{code}")
        last[code] = decimal(points[-1]) if points else None
    money_unit: MoneyUnit = numbers.unit_for_totals(last.values())
    unit = display_unit(metric.unit, money_unit)
    tiles = [
        (
            code,
            Cell(
                numbers.metric(last[code], metric.unit, money_unit, reason="本期无该县台账数据"),
                explain_href(period, slug, code),
            ),
        )
        for code in counties
    ]
    return ChartData(
        key,
        f"吕梁市各县（市、区）{metric.name}（{period}）",
        "map",
        unit,
        metric.name,
        [],
        [],
        ["县（市、区）", header(metric.name, metric.unit, money_unit)],
        [(Named(code, counties[code]), [cell]) for code, cell in tiles],
        [],
        [],
        tiles,
    )


def svg(chart: ChartData, counties: Mapping[str, str]) -> str:
    """The chart drawn inline."""
    if chart.kind == "bullets":
        return svg_charts.bullet_chart(chart.title, chart.bullets)
    if chart.kind == "map":
        return countymap.county_map(counties, dict(chart.tiles), label=chart.title, unit=chart.unit)
    return svg_charts.line_chart(
        chart.title, chart.labels, chart.series, chart.unit, name=chart.name, targets=chart.targets
    )


def png(chart: ChartData, counties: Mapping[str, str]) -> bytes:
    """The chart as a PNG download: the same data as the page's drawing."""
    if chart.kind == "bullets":
        return png_charts.bullet_chart(chart.title, chart.bullets)
    if chart.kind == "map":
        fig = png_charts.figure(6.0, 6.4)
        tiles = [
            (*countymap.TILES[code], counties[code], cell.shown.text, _float(cell.shown))
            for code, cell in chart.tiles
        ]
        png_charts.map_tiles(fig, chart.title, tiles, chart.unit)
        return png_charts.png(fig)
    return png_charts.line_chart(
        chart.title,
        chart.labels,
        chart.series,
        unit=chart.unit,
        name=chart.name,
        targets=chart.targets,
    )


def _float(shown: Shown) -> float | None:
    return None if shown.value is None else float(shown.value)
