"""Charts as inline SVG drawn by matplotlib on the server (no JavaScript, no network).

matplotlib is installed from PyPI by the project's setup (never committed), already used for
the bulletins, and writes SVG that any browser shows offline. Labels use the installed CJK font
(``kit.png_charts.cjk_family``); SVG text is kept as text so pages stay small and searchable.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib import rc_context
from matplotlib.figure import Figure

from beizeng.kit.png_charts import cjk_family

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


def _svg(fig: Figure) -> str:
    out = io.StringIO()
    with rc_context({"svg.fonttype": "none"}):  # text stays text: small pages, no glyph paths
        fig.savefig(out, format="svg", bbox_inches="tight")
    text = out.getvalue()
    return text[text.index("<svg") :]


def line_chart(
    title: str,
    periods: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    unit: str,
) -> str:
    """One line per series over the periods (gaps where a value is missing)."""
    fig = Figure(figsize=(7.2, 3.0), dpi=96)
    ax = fig.add_subplot()
    family = cjk_family()
    for i, (name, values) in enumerate(series):
        ys = [float("nan") if v is None else v for v in values]
        ax.plot(
            range(len(periods)),
            ys,
            label=name,
            color=PALETTE[i % len(PALETTE)],
            linewidth=1.6,
            marker="o",
            markersize=2.5,  # a month between gaps still shows
        )
    step = max(len(periods) // 8, 1)
    ax.set_xticks(
        range(0, len(periods), step), [periods[i] for i in range(0, len(periods), step)], fontsize=7
    )
    ax.tick_params(axis="y", labelsize=7)
    ax.set_title(f"{title}（{unit}）", fontfamily=family, fontsize=10)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(
        prop={"family": family, "size": 7},
        ncol=min(len(series), 5),
        frameon=False,
        loc="upper left",
    )
    return _svg(fig)
