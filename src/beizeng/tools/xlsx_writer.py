"""XLSX statements of the tools: assembled data in, workbook bytes out (CONVENTIONS rule 10).

Money cells are written as exact numbers with a two-decimal format; no database access here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | Decimal | date | bool | None

MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00%"


@dataclass(frozen=True)
class Sheet:
    """One sheet: a title line, a header row, data rows and an optional total row.

    ``rate_columns`` are 0-based indexes of fraction columns shown as percentages.
    """

    title: str
    heading: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    total: Sequence[Cell] | None = None
    rate_columns: frozenset[int] = field(default_factory=frozenset)
    notes: Sequence[str] = ()


def _write(ws: Worksheet, sheet: Sheet) -> None:
    ws.title = sheet.title[:31]
    ws.append([sheet.heading])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(sheet.headers))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    body = [*sheet.rows, *([sheet.total] if sheet.total is not None else [])]
    for row in body:
        ws.append(list(row))
    for row_cells in ws.iter_rows(min_row=3, max_row=2 + len(body)):
        for index, cell in enumerate(row_cells):
            if isinstance(cell.value, Decimal | int | float) and not isinstance(cell.value, bool):
                cell.number_format = RATE_FORMAT if index in sheet.rate_columns else MONEY_FORMAT
    if sheet.total is not None:
        for cell in ws[2 + len(body)]:
            cell.font = Font(bold=True)
    for note in sheet.notes:
        ws.append([note])
    for index, header in enumerate(sheet.headers, start=1):
        width = max([len(str(header)) * 2, *(len(str(r[index - 1])) for r in body if r)], default=8)
        ws.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 40)


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """Render sheets to an XLSX file's bytes."""
    wb = Workbook()
    for index, sheet in enumerate(sheets):
        ws = wb.worksheets[0] if index == 0 else wb.create_sheet()
        _write(ws, sheet)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
