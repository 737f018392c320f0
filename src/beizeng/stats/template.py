"""The Excel template of institution statistics (long format: one value per row).

It looks like the loan-ledger template (``kit.sheets``) so a clerk who filled one can fill the
other; the metric column offers the known metrics as a drop-down.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from beizeng.kit.files import write_output
from beizeng.kit.sheets import (
    header_row,
    instructions_sheet,
    list_validation,
    notes_sheet,
    workbook_bytes,
)
from beizeng.stats.rules import KNOWN_METRICS

STATS_SHEET = "机构统计"


def write_stats_template(target: Path) -> None:
    """The institution-statistics template (long format: one value per row)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = STATS_SHEET
    header_row(sheet, ["期间", "机构代码", "指标", "数值"])
    for letter, width, fmt in (("A", 10, "@"), ("B", 14, "@"), ("C", 24, "@"), ("D", 20, "0.00")):
        sheet.column_dimensions[letter].width = width
        sheet.column_dimensions[letter].number_format = fmt
    list_validation(sheet, 3, list(KNOWN_METRICS))
    notes = [
        ["期间", "period", "必填", "YYYY-MM", "统计所属月末，如 2022-06"],
        ["机构代码", "institution_code", "必填", "文本", "机构名录中的代码"],
        [
            "指标",
            "metric",
            "必填",
            "指标代码",
            "；".join(f"{k} {v}" for k, v in KNOWN_METRICS.items()),
        ],
        ["数值", "value", "必填", "数字，最多四位小数", "金额单位为元；比例按小数填写"],
    ]
    notes_sheet(book, "填写说明", notes)
    instructions_sheet(
        book,
        (
            "机构统计填写说明",
            "1. 每行一个数值：期间、机构代码、指标、数值；导入命令：beizeng stats import 文件。",
            "2. 同一期间、机构、指标再次导入时，新值取代旧值，旧值保留在历史中。",
            "3. 金额单位为元，不要千位分隔符，不要写“万元”。",
        ),
    )
    write_output(target, workbook_bytes(book))
