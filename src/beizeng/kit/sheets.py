"""Building blocks of the Excel templates a clerk fills (loan ledger, institution statistics).

Both templates look and behave alike (a bold frozen header, drop-down lists with a Chinese
error, a sheet of column notes, a sheet of instructions), so a clerk who knows one knows the
other; the pieces live here once for both.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

ROWS = 100_000
"""Rows of a data sheet that get formats and drop-downs."""
HEAD = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)


def header_row(sheet: Worksheet, titles: list[str]) -> None:
    sheet.append(titles)
    for cell in sheet[1]:
        cell.font = BOLD
        cell.fill = HEAD
        cell.alignment = Alignment(horizontal="center")
    sheet.freeze_panes = "A2"


def list_validation(sheet: Worksheet, column: int, words: list[str]) -> None:
    """A drop-down of ``words`` on the data rows of ``column`` (1-based)."""
    letter = get_column_letter(column)
    check = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
    check.error = "请从下拉列表中选择：" + "、".join(words)
    check.errorTitle = "取值无效"
    check.add(f"{letter}2:{letter}{ROWS + 1}")
    sheet.add_data_validation(check)


def notes_sheet(book: Workbook, title: str, lines: list[list[str]]) -> None:
    """A sheet describing each column: name, English name, required, form, note."""
    sheet = book.create_sheet(title)
    header_row(sheet, ["列名", "英文列名", "是否必填", "格式或取值", "说明"])
    for line in lines:
        sheet.append(line)
    for column, width in zip("ABCDE", (16, 18, 22, 40, 60), strict=True):
        sheet.column_dimensions[column].width = width


def instructions_sheet(book: Workbook, lines: tuple[str, ...]) -> None:
    sheet = book.create_sheet("使用说明")
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 120


def workbook_bytes(book: Workbook) -> bytes:
    """The saved workbook, so it can be written with ``kit.files.write_output``."""
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
