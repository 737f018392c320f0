"""The leverage chart of an agency: the multiple by month end against its cap (C-4.2.2)."""

from __future__ import annotations

from collections.abc import Sequence

from beizeng.kit.png_charts import line_chart
from beizeng.tools.guarantee.rules import LeveragePoint


def leverage_chart(agency: str, points: Sequence[LeveragePoint]) -> bytes:
    """PNG bytes: leverage and cap per date."""
    labels = [p.on.strftime("%Y-%m") for p in points]
    return line_chart(
        f"{agency} 担保放大倍数",
        labels,
        [
            ("放大倍数", [None if p.leverage is None else float(p.leverage) for p in points]),
            ("上限", [float(p.cap) for p in points]),
        ],
        unit="倍",
    )
