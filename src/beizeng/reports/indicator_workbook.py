"""The indicator workbook (xlsx): results, indicators, rankings and trends of one evaluation.

Numbers are written as numbers (money in yuan with two decimals, rates as fractions formatted as
percentages) so that a clerk can go on computing with them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from beizeng.monitor.evaluation import Evaluation, TargetResult, Trend, rank
from beizeng.monitor.metrics import REGISTRY
from beizeng.monitor.rules import Reading

FORMATS = {"yuan": "#,##0.00", "fraction": "0.00%", "count": "#,##0", "bp": "0.##"}
VERDICTS = {True: "达标", False: "未达标", None: "无法评估"}


def _number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return (
        int(value) if value == value.to_integral_value() and abs(value) < 10**15 else float(value)
    )


def _sheet(book: Workbook, title: str, header: Sequence[str]) -> Worksheet:
    ws = book.create_sheet(title)
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    return ws


def _put(ws: Worksheet, values: Sequence[object], units: dict[int, str]) -> None:
    ws.append(list(values))
    for column, unit in units.items():
        ws.cell(row=ws.max_row, column=column).number_format = FORMATS.get(unit, "General")


def _result_row(r: TargetResult) -> tuple[list[object], dict[int, str]]:
    first = r.first
    values: list[object] = [
        r.target.id,
        r.target.title,
        r.subject.code,
        r.subject.name,
        _number(first.actual.value),
        _number(first.benchmark.value),
        _number(r.verdict.margin),
        VERDICTS[r.met],
        r.verdict.reason or "",
    ]
    return values, {5: first.unit, 6: first.unit, 7: first.unit}


def render_workbook(evaluation: Evaluation, trends: Sequence[Trend] = ()) -> bytes:
    """The workbook's bytes (sheets 目标评估, 指标, 机构排名, 趋势)."""
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    ws = _sheet(
        book,
        "目标评估",
        ("目标", "名称", "主体代码", "主体", "实际值", "比较基准", "差额", "结果", "原因"),
    )
    for r in evaluation.results:
        _put(ws, *_result_row(r))
    ws = _sheet(
        book,
        "指标",
        (
            "指标",
            "名称",
            "主体代码",
            "主体",
            "期间",
            "期末值",
            "上年同期",
            "同比增速",
            "同比增量",
            "年初值",
            "比年初增加",
        ),
    )
    period = str(evaluation.period)
    for item in evaluation.indicators:
        s = item.snapshots
        unit = item.unit

        def n(reading: Reading) -> float | int | None:
            return _number(reading.value)

        _put(
            ws,
            [
                item.metric,
                REGISTRY[item.metric].name,
                item.subject.code,
                item.subject.name,
                period,
                n(s.value),
                n(s.previous),
                n(s.measure("growth")),
                n(s.measure("increase")),
                n(s.year_start),
                n(s.measure("change_since_year_start")),
            ],
            {6: unit, 7: unit, 8: "fraction", 9: unit, 10: unit, 11: unit},
        )
    ws = _sheet(
        book, "机构排名", ("目标", "名次", "机构代码", "机构", "实际值", "比较基准", "差额", "结果")
    )
    for target in evaluation.plan.targets:
        rows = [r for r in evaluation.results_of(target.id) if r.subject.level == "institution"]
        for position, r in rank(rows):
            values, units = _result_row(r)
            _put(
                ws,
                [target.id, position, *values[2:8]],
                {5: units[5], 6: units[6], 7: units[7]},
            )
    if trends:
        ws = _sheet(book, "趋势", ("指标", "名称", "主体", *[str(p) for p, _ in trends[0].points]))
        for t in trends:
            unit = REGISTRY[t.metric].unit
            _put(
                ws,
                [
                    t.metric,
                    REGISTRY[t.metric].name,
                    t.subject.name,
                    *[_number(v) for _, v in t.points],
                ],
                {c: unit for c in range(4, 4 + len(t.points))},
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
