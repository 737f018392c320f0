"""Charts as inline SVG drawn by matplotlib on the server (no JavaScript, no network).

matplotlib is installed from PyPI by the project's setup (never committed), already used for
the bulletins, and writes SVG that any browser shows offline. The figures are those of
``kit.png_charts`` (one drawing for the page and its PNG download), with the same CJK font and
the same axes (units in the axis title, ticks from ``kit.numbers``). SVG text is kept as text so
pages stay small and searchable; each chart is an accessible image (``role="img"`` and a
``<title>``), its numbers in a table beside it on the page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from markupsafe import escape
from matplotlib import rc_context
from matplotlib.figure import Figure

from beizeng.kit import png_charts
from beizeng.kit.png_charts import Bullet, Series, TargetLine


def _svg(fig: Figure, title: str) -> str:
    out = io.StringIO()
    with rc_context({"svg.fonttype": "none"}):  # text stays text: small pages, no glyph paths
        fig.savefig(out, format="svg", bbox_inches="tight")
    text = out.getvalue()
    body = text[text.index("<svg") :]
    opening = body.index(">") + 1
    return (
        body[:opening].replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
        + f"<title>{escape(title)}</title>"
        + body[opening:]
    )


def line_chart(
    title: str,
    periods: Sequence[str],
    series: Series,
    unit: str,
    *,
    name: str = "",
    targets: Sequence[TargetLine] = (),
) -> str:
    """One line per series over the periods (gaps where a value is missing), the value axis
    titled 「name（unit）」, dashed target levels when given."""
    fig = png_charts.figure(7.2, 3.0, dpi=96)
    png_charts.draw_lines(fig, title, periods, series, unit=unit, name=name, targets=targets)
    return _svg(fig, title)


def bullet_chart(title: str, bullets: Sequence[Bullet]) -> str:
    """The targets as bars of their actuals against their benchmarks."""
    fig = png_charts.figure(7.2, png_charts.bullet_height(len(bullets)), dpi=96)
    png_charts.draw_bullets(fig, title, bullets)
    return _svg(fig, title)
