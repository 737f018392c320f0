"""The funnel's median working days written by ``kit.numbers`` (issue 14 point 1), on the outreach
pages (``_funnel.html``) and the command line, never as ``%g`` (「1e+06」, 「2」 beside 「2.5」)."""

from __future__ import annotations

from decimal import Decimal

from beizeng.http.templating import templates
from beizeng.kit import numbers
from beizeng.outreach import funnel, rules
from beizeng.outreach.schemas import FunnelRow


def test_a_median_in_working_days_has_one_decimal_and_no_exponent() -> None:
    assert str(numbers.workdays(2.5)) == "2.5个工作日"
    assert str(numbers.workdays(3)) == "3.0个工作日"
    assert numbers.workdays(1_234_567.0).text == "1,234,567.0"
    assert numbers.workdays(Decimal("0.25")).value == Decimal("0.3")  # half-up
    empty = numbers.workdays(None, "该阶段尚无记录")
    assert empty.missing and empty.reason == "该阶段尚无记录" and str(empty) == "—"


def test_the_funnel_table_writes_each_median_with_its_unit() -> None:
    days: dict[str, float | None] = {s: None for s in rules.STAGES}
    days.update(contacted=2.5, demand=1_000_000.0)
    row = FunnelRow("BANKA", "甲银行吕梁分行", {s: 3 for s in rules.STAGES}, days, 1)
    html = templates.get_template("_funnel.html").render(
        funnel_rows=[row],
        funnel_total={s: 3 for s in rules.STAGES},
        STAGES=rules.STAGES,
        GROUPINGS=funnel.GROUPINGS,
        by="bank",
    )
    assert "（中位 2.5个工作日）" in html and "（中位 1,000,000.0个工作日）" in html
    assert "e+" not in html and html.count("中位") == 2  # stages without a median show none
