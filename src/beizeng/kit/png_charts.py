"""PNG charts drawn by matplotlib with an installed CJK font: the bulletin's, the guarantee
leverage chart's; the dashboard's SVG charts take the same font.

The font is looked up through matplotlib's font manager among the CJK faces the setup installs
(Debian ``fonts-noto-cjk``; ``.ci/run`` installs it); without one, Chinese labels would be drawn
as empty boxes, so a missing font is an error that says what to install.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache

from matplotlib import font_manager
from matplotlib.figure import Figure

from beizeng.errors import BeizengError

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
)


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


def _figure(width_in: float = 6.3, height_in: float = 3.2) -> Figure:
    """A figure of the object API: no pyplot, no global state, no display backend."""
    return Figure(figsize=(width_in, height_in), dpi=150)


def _png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", bbox_inches="tight")
    return out.getvalue()


def _style(ax: object) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)  # type: ignore[attr-defined]
    ax.grid(axis="y", alpha=0.3)  # type: ignore[attr-defined]


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    unit: str,
) -> bytes:
    """Monthly lines (gaps where a month has no data)."""
    family = cjk_family()
    fig = _figure()
    ax = fig.add_subplot()
    for name, values in series:
        ax.plot(
            list(labels),
            [float("nan") if v is None else v for v in values],
            marker="o",
            markersize=2.5,
            label=name,
        )
    ax.set_title(title, fontfamily=family, fontsize=11)
    ax.set_ylabel(unit, fontfamily=family)
    step = max(1, len(labels) // 8)
    ax.set_xticks(range(0, len(labels), step), [labels[i] for i in range(0, len(labels), step)])
    ax.tick_params(axis="x", labelsize=7)
    ax.legend(prop={"family": family, "size": 8}, frameon=False)
    _style(ax)
    return _png(fig)


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    unit: str,
    reference: float | None = None,
    reference_label: str = "",
) -> bytes:
    """Grouped bars per label, with an optional horizontal reference line (a target)."""
    family = cjk_family()
    fig = _figure(height_in=3.4)
    ax = fig.add_subplot()
    width = 0.8 / max(1, len(series))
    for i, (name, values) in enumerate(series):
        xs = [x + (i - (len(series) - 1) / 2) * width for x in range(len(labels))]
        ax.bar(xs, [0.0 if v is None else v for v in values], width=width, label=name)
    if reference is not None:
        ax.axhline(reference, color="#c00000", linestyle="--", linewidth=1, label=reference_label)
    ax.set_xticks(range(len(labels)), list(labels), fontfamily=family, rotation=45, ha="right")
    ax.tick_params(axis="x", labelsize=7)
    ax.set_title(title, fontfamily=family, fontsize=11)
    ax.set_ylabel(unit, fontfamily=family)
    ax.legend(prop={"family": family, "size": 8}, frameon=False)
    _style(ax)
    return _png(fig)
