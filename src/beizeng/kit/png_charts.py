"""Charts drawn by matplotlib with an installed CJK font: the bulletin's, the guarantee leverage
chart's and the dashboard's (PNG downloads here; inline SVG through ``kit.svg_charts``, which
draws the same figures).

The font is looked up through matplotlib's font manager among the CJK faces the setup installs
(Debian ``fonts-noto-cjk``; ``.ci/run`` installs it); without one, Chinese labels would be drawn
as empty boxes, so a missing font is an error that says what to install.

Axes follow issue 14 point 1: the value axis is titled in Chinese with its unit
(「各项贷款（亿元）」, ``numbers.axis_label``) and its ticks come from ``numbers.axis_formatter``
(grouped digits, never an offset such as ``1e6`` or an exponent).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from beizeng.errors import BeizengError
from beizeng.kit import numbers

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
)

PALETTE = (
    "#1f4e79",
    "#c0392b",
    "#2e8b57",
    "#d68910",
    "#6c3483",
    "#17a589",
    "#7f8c8d",
    "#b03a2e",
    "#2874a6",
    "#239b56",
    "#af601a",
    "#5b2c6f",
    "#117864",
)
TARGET_COLOUR = "#c00000"
WHOLE_UNITS = frozenset({"户", "项", "笔"})
"""Units counted in whole numbers: their axes tick at integers only."""

Series = Sequence[tuple[str, Sequence[float | None]]]


class ChartFontMissing(BeizengError):
    status = 500


@cache
def cjk_family() -> str:
    """The first installed CJK family of ``CJK_FAMILIES``."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    raise ChartFontMissing(
        "未找到中文字体，图表无法显示汉字。请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk）。"
    )


@dataclass(frozen=True)
class TargetLine:
    """A horizontal line at the level a target asks for (in the chart's unit)."""

    label: str
    value: float


@dataclass(frozen=True)
class Bullet:
    """One bullet bar: the actual against its benchmark, both in the row's own unit."""

    label: str
    actual: float | None
    benchmark: float | None
    text: str
    met: bool | None


def figure(width_in: float = 6.3, height_in: float = 3.2, dpi: int = 150) -> Figure:
    """A figure of the object API: no pyplot, no global state, no display backend."""
    return Figure(figsize=(width_in, height_in), dpi=dpi)


def png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", bbox_inches="tight")
    return out.getvalue()


def _style(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", alpha=0.3)


def value_axis(ax: Axes, unit: str, name: str = "", axis: Literal["x", "y"] = "y") -> None:
    """Ticks in ``unit`` through ``numbers.axis_formatter`` (no offset, no exponent) and the
    axis titled 「name（unit）」 in the CJK font."""
    ax.ticklabel_format(axis=axis, useOffset=False, style="plain")  # before the formatter
    target = ax.yaxis if axis == "y" else ax.xaxis
    if unit in WHOLE_UNITS:  # no tick between two borrowers: 1, 2, 3, never 1, 1, 2
        if axis == "y":  # from zero, so that a flat line of one borrower still spans 0 and 1
            low, high = ax.get_ylim()
            ax.set_ylim(min(low, 0.0), max(high, 1.0))
        target.set_major_locator(MaxNLocator(integer=True))
    target.set_major_formatter(FuncFormatter(numbers.axis_formatter(unit)))
    label = numbers.axis_label(name, unit)
    if label:
        setter = ax.set_ylabel if axis == "y" else ax.set_xlabel
        setter(label, fontfamily=cjk_family(), fontsize=8)


def _month_ticks(ax: Axes, labels: Sequence[str], fontsize: int = 7) -> None:
    step = max(1, len(labels) // 8)
    ax.set_xticks(range(0, len(labels), step), [labels[i] for i in range(0, len(labels), step)])
    ax.tick_params(axis="x", labelsize=fontsize)


def draw_lines(
    fig: Figure,
    title: str,
    labels: Sequence[str],
    series: Series,
    *,
    unit: str,
    name: str = "",
    targets: Sequence[TargetLine] = (),
) -> None:
    """Monthly lines (gaps where a month has no data), with target levels as dashed lines."""
    family = cjk_family()
    ax = fig.add_subplot()
    for i, (label, values) in enumerate(series):
        ax.plot(
            range(len(labels)),
            [float("nan") if v is None else v for v in values],
            label=label,
            color=PALETTE[i % len(PALETTE)],
            linewidth=1.6,
            marker="o",
            markersize=2.5,  # a month between gaps still shows
        )
    for line in targets:
        ax.axhline(line.value, color=TARGET_COLOUR, linestyle="--", linewidth=1, label=line.label)
    _month_ticks(ax, labels)
    ax.tick_params(axis="y", labelsize=7)
    value_axis(ax, unit, name)
    ax.set_title(title, fontfamily=family, fontsize=10)
    # Below the plot, two entries a row: long target names never squeeze the axes.
    ax.legend(
        prop={"family": family, "size": 7},
        ncol=2 if targets or len(series) > 3 else max(len(series), 1),
        frameon=False,
        loc="upper left",
        bbox_to_anchor=(0.0, -0.14),
    )
    _style(ax)


def draw_bullets(fig: Figure, title: str, bullets: Sequence[Bullet]) -> None:
    """Each target as a bar of its actual against a marker at its benchmark, scaled per row
    (the rows mix 万元, % and 户): green met, red missed, grey when it cannot be judged."""
    family = cjk_family()
    ax = fig.add_subplot()
    rows = list(reversed(bullets))  # first target on top
    for y, b in enumerate(rows):
        known = [abs(v) for v in (b.actual, b.benchmark) if v is not None]
        scale = max(known, default=0.0) * 1.15 or 1.0
        colour = "#2e8b57" if b.met else "#c0392b" if b.met is False else "#9e9e9e"
        ax.barh(y, 1.0, height=0.7, color="#eeeeee")
        if b.actual is not None:
            ax.barh(y, b.actual / scale, height=0.38, color=colour)
        if b.benchmark is not None:
            x = b.benchmark / scale
            ax.plot([x, x], [y - 0.33, y + 0.33], color="#1b1b1b", linewidth=2)
        ax.text(1.02, y, b.text, va="center", fontsize=7, fontfamily=family)
    ax.set_yticks(range(len(rows)), [b.label for b in rows], fontfamily=family, fontsize=7)
    ax.set_xlim(min(0.0, *(b.actual or 0.0 for b in rows)), 1.0)
    ax.set_xticks([])
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(title, fontfamily=family, fontsize=10)


def bullet_height(rows: int) -> float:
    return max(1.6, 0.34 * rows + 0.8)


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Series,
    *,
    unit: str,
    name: str = "",
    targets: Sequence[TargetLine] = (),
) -> bytes:
    """PNG of monthly lines, the value axis in ``unit``."""
    fig = figure()
    draw_lines(fig, title, labels, series, unit=unit, name=name, targets=targets)
    return png(fig)


def bullet_chart(title: str, bullets: Sequence[Bullet]) -> bytes:
    """PNG of the targets against their benchmarks."""
    fig = figure(7.2, bullet_height(len(bullets)))
    draw_bullets(fig, title, bullets)
    return png(fig)


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Series,
    *,
    unit: str,
    reference: float | None = None,
    reference_label: str = "",
    name: str = "",
) -> bytes:
    """Grouped bars per label, with an optional horizontal reference line (a target)."""
    family = cjk_family()
    fig = figure(height_in=3.4)
    ax = fig.add_subplot()
    width = 0.8 / max(1, len(series))
    for i, (label, values) in enumerate(series):
        xs = [x + (i - (len(series) - 1) / 2) * width for x in range(len(labels))]
        ax.bar(xs, [0.0 if v is None else v for v in values], width=width, label=label)
    if reference is not None:
        ax.axhline(
            reference, color=TARGET_COLOUR, linestyle="--", linewidth=1, label=reference_label
        )
    ax.set_xticks(range(len(labels)), list(labels), fontfamily=family, rotation=45, ha="right")
    ax.tick_params(axis="x", labelsize=7)
    value_axis(ax, unit, name)
    ax.set_title(title, fontfamily=family, fontsize=11)
    ax.legend(prop={"family": family, "size": 8}, frameon=False)
    _style(ax)
    return png(fig)


def map_tiles(
    fig: Figure, title: str, tiles: Sequence[tuple[int, int, str, str, float | None]], unit: str
) -> None:
    """The county tile map as a raster: (column, row, name, shown text, value) per tile, shaded
    from light to dark between the smallest and largest value, with a colour bar in ``unit``."""
    family = cjk_family()
    ax = fig.add_subplot()
    cmap = LinearSegmentedColormap.from_list("beizeng", ["#deebf7", "#08306b"])
    known = [t[4] for t in tiles if t[4] is not None]
    norm = Normalize(min(known, default=0.0), max(known, default=1.0))
    for col, row, name, text, value in tiles:
        fill = "#e5e5e5" if value is None else cmap(norm(value))
        dark = value is not None and norm(value) > 0.55
        ax.add_patch(Rectangle((col + 0.04, -row - 0.96), 0.92, 0.92, color=fill))
        ink = "#ffffff" if dark else "#1b1b1b"
        ax.text(col + 0.5, -row - 0.4, name, ha="center", fontsize=8, color=ink, fontfamily=family)
        ax.text(col + 0.5, -row - 0.65, text, ha="center", fontsize=6.5, color=ink)
    ax.set_xlim(0, 4)
    ax.set_ylim(-4, 0)
    ax.set_aspect("equal")
    ax.axis("off")
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.7)
    bar.ax.yaxis.set_major_formatter(FuncFormatter(numbers.axis_formatter(unit)))
    bar.set_label(f"单位：{unit}", fontfamily=family, fontsize=8)
    ax.set_title(title, fontfamily=family, fontsize=10)
