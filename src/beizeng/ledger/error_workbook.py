"""The error workbook of a rejected ledger: every problem listed, offending cells highlighted.

A clerk fixes the file from it (issue 3, validation): sheet 错误清单 lists row, column, value and
rule; sheet 出错行 repeats the offending rows of the file with the broken cells in red and the
rule as a cell comment. Borrowers' resident IDs arrive masked (``validate`` masks them:
JR/T 0171-2020, the workbook leaves the bank by e-mail); row, column and rule suffice to find
the cell in the original file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from beizeng.errors import Problem
from beizeng.kit.files import write_output
from beizeng.kit.sheets import workbook_bytes
from beizeng.ledger import rules

RED = PatternFill("solid", fgColor="FFC7CE")
YELLOW = PatternFill("solid", fgColor="FFEB9C")
BOLD = Font(bold=True)


def write_error_workbook(
    target: Path,
    *,
    problems: Sequence[Problem],
    rows: Sequence[tuple[int, list[str | None]]],
    headers: dict[str, str],
) -> None:
    """Write the problems and the offending rows to ``target`` (XLSX)."""
    book = Workbook()
    listing = book.active
    assert listing is not None
    listing.title = "错误清单"
    listing.append(["行号", "列", "值", "规则", "级别"])
    for cell in listing[1]:
        cell.font = BOLD
    for p in problems:
        level = "错误" if p.severity == "error" else "提示"
        listing.append([p.row, p.column, p.value, p.rule, level])
    for column, width in zip("ABCDE", (8, 18, 24, 80, 8), strict=True):
        listing.column_dimensions[column].width = width

    sheet = book.create_sheet("出错行")
    names = list(rules.COLUMN_NAMES)
    sheet.append(["原文件行号", *[headers.get(n, rules.BY_NAME[n].chinese) for n in names]])
    for cell in sheet[1]:
        cell.font = BOLD
    position = {row: index for index, (row, _values) in enumerate(rows, start=2)}
    for row, values in rows:
        sheet.append([row, *values])
    column_of = {headers.get(n, rules.BY_NAME[n].chinese): i for i, n in enumerate(names, start=2)}
    for p in problems:
        if p.row is None or p.row not in position or p.column not in column_of:
            continue
        cell = sheet.cell(row=position[p.row], column=column_of[p.column])
        cell.fill = RED if p.severity == "error" else YELLOW
        cell.comment = Comment(p.rule, "beizeng")
    sheet.freeze_panes = "B2"
    write_output(target, workbook_bytes(book))
