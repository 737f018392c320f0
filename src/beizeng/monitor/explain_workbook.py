"""An explanation as an Excel workbook (``beizeng monitor explain --format xlsx`` and the explain
page's 「导出 Excel」): the same numbers as the JSON, in typed cells (issue 14 point 4).

Three sheets: 概要 (the metric, subject, period, value and, for a ratio, its two terms), 构成
(each composition with value and share) and 明细 (every row counted, with its institution, the
submission id and version it came from, the masked borrower id and the reason it counts).
Amounts are in yuan to the fen, exact (``Decimal`` cells with a thousands format), so the rows'
sum in Excel is the value; the unit stands in each header. Pure: an explanation in, bytes out.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from beizeng.kit.sheets import BOLD, header_row, workbook_bytes
from beizeng.monitor.explain_out import part_unit, row_unit, term_unit
from beizeng.monitor.explained import Explanation
from beizeng.monitor.metrics import UNIT_NAMES

FORMATS = {"yuan": "#,##0.00", "fraction": "0.00%", "bp": "#,##0.00"}
"""Cell formats per metric unit; counts are integers ("#,##0")."""


def _format(unit: str) -> str:
    return FORMATS.get(unit, "#,##0")


def _header(title: str, unit: str) -> str:
    shown = UNIT_NAMES.get(unit, unit)
    return f"{title}（{shown}）" if shown else title


def _put(sheet: Worksheet, row: int, column: int, value: Decimal | None, unit: str) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    cell.number_format = _format(unit)


def _summary(sheet: Worksheet, e: Explanation) -> None:
    m = e.metric
    sheet.append(["指标", m.name])
    sheet.append(["指标代码", m.slug])
    sheet.append(["主体", e.subject.name])
    sheet.append(["主体代码", e.subject.code])
    sheet.append(["期间", str(e.period)])
    sheet.append([_header("数值", m.unit), None])
    _put(sheet, sheet.max_row, 2, e.value, m.unit)
    if e.reason:
        sheet.append(["说明", e.reason])
    if m.composed:
        for title, value in (("分子", e.numerator), ("分母", e.denominator)):
            sheet.append([_header(title, term_unit(e)), None])
            _put(sheet, sheet.max_row, 2, value, term_unit(e))
    _measure(sheet, e)
    sheet.append(["明细行数", len(e.rows)])
    for row in sheet.iter_rows(min_col=1, max_col=1):
        row[0].font = BOLD
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 48


def _measure(sheet: Worksheet, e: Explanation) -> None:
    """A derived measure's value, formula and terms (``measure=``), as the page states them."""
    found = e.measured
    if found is None:
        return
    unit = "fraction" if found.rate else e.metric.unit
    sheet.append([_header(found.name, unit), None])
    _put(sheet, sheet.max_row, 2, found.value, unit)
    if found.reason:
        sheet.append(["说明", found.reason])
    sheet.append(["计算方法", f"{found.name} = {found.formula}"])
    for term in found.terms:
        sheet.append([_header(f"{term.name}（{term.period}）", e.metric.unit), None])
        _put(sheet, sheet.max_row, 2, term.value, e.metric.unit)


def _compositions(sheet: Worksheet, e: Explanation) -> None:
    unit = part_unit(e)
    header_row(sheet, ["构成", "名称", "代码", _header("数值", unit), "占比"])
    for composition in e.compositions:
        for part in composition.parts:
            sheet.append([composition.title, part.name, part.code])
            _put(sheet, sheet.max_row, 4, part.value, unit)
            _put(sheet, sheet.max_row, 5, part.share, "fraction")
    for letter, width in zip("ABCDE", (18, 36, 18, 20, 10), strict=True):
        sheet.column_dimensions[letter].width = width


ROW_HEADERS = (
    "机构",
    "机构代码",
    "报送记录编号",
    "版本",
    "借据编号",
    "借款人证件号码",
    "借款人名称",
    "县（市、区）",
)


def _rows(sheet: Worksheet, e: Explanation) -> None:
    unit = row_unit(e)
    header_row(
        sheet, [*ROW_HEADERS, _header("余额" if unit == "yuan" else "数值", unit), "计入原因"]
    )
    column = len(ROW_HEADERS) + 1
    for r in e.rows:
        sheet.append(
            [
                r.institution,
                r.institution_code,
                r.submission_id,
                r.version,
                r.loan_id,
                r.borrower_id,
                r.borrower_name,
                r.county,
                None,
                r.reasons,
            ]
        )
        _put(sheet, sheet.max_row, column, r.balance, unit)
    for letter, width in zip("ABCDEFGHIJ", (20, 12, 40, 6, 24, 22, 24, 12, 18, 60), strict=True):
        sheet.column_dimensions[letter].width = width


def render_explain_workbook(e: Explanation) -> bytes:
    """The workbook of one explanation."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "概要"
    _summary(summary, e)
    _compositions(book.create_sheet("构成"), e)
    _rows(book.create_sheet("明细"), e)
    return workbook_bytes(book)
