"""Chart axes as a central bank writes them (issue 14 points 1 and 6): units in the axis title,
grouped tick labels, no offset or exponent, whole-number ticks for counts; the inline SVG is an
accessible image with a title."""

from __future__ import annotations

from matplotlib.figure import Figure

from beizeng.kit import png_charts, svg_charts
from beizeng.kit.png_charts import Bullet, TargetLine

MONTHS = ["2022-01", "2022-02", "2022-03"]


def _drawn(unit: str, values: list[float | None]) -> Figure:
    fig = png_charts.figure()
    png_charts.draw_lines(
        fig,
        "贷款",
        MONTHS,
        [("全市", values)],
        unit=unit,
        name="各项贷款",
        targets=[TargetLine("目标", values[0] or 0.0)],
    )
    fig.canvas.draw()
    return fig


def test_large_balances_tick_with_separators_and_no_offset() -> None:
    ax = _drawn("万元", [213_000.0, 431_500.0, None]).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert any("," in label for label in labels)
    assert not any("e" in label.lower() for label in labels)
    assert ax.yaxis.get_offset_text().get_text() == ""
    assert ax.get_ylabel() == "各项贷款（万元）"


def test_counts_tick_at_whole_numbers_only() -> None:
    ax = _drawn("户", [1.0, 1.0, 1.0]).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert len(labels) == len(set(labels)) and all(label.isdigit() for label in labels)


def test_the_inline_svg_is_an_accessible_image_and_the_png_a_png() -> None:
    svg = svg_charts.line_chart("各项贷款：全市", MONTHS, [("全市", [1.0, 2.0, 3.0])], "亿元")
    assert svg.startswith('<svg role="img" aria-label="各项贷款：全市"')
    assert "<title>各项贷款：全市</title>" in svg
    bullets = [Bullet("各项贷款增速达到10%以上", 10.83, 10.0, "10.83%", True)]
    assert "<title>主要目标</title>" in svg_charts.bullet_chart("主要目标", bullets)
    assert png_charts.bullet_chart("主要目标", bullets).startswith(b"\x89PNG")
