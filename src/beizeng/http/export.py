"""Every table of a page as an Excel workbook, from the page's own HTML (issue 14 point 4).

The export reads the page a person sees, so its numbers are the page's by construction: a
number drawn by ``kit.numbers`` (``<span class="num" data-value=…>``) becomes a typed cell with
as many decimals as the page shows, a name drawn by ``kit.named`` (``<span class="named"
data-code=…>``) stays a name with its registry code in a 「…代码」 column beside it, a
``<time datetime=…>`` a date; anything else is the text shown (「—」 stays text). Header rows
come from ``<thead>`` with their units, as shown. Tables marked ``data-no-export`` (layout,
forms) and elements marked so (sort marks) are left out.

:func:`add_export_links` puts a 「导出 Excel」 link before every exported table of a rendered
page: the same URL with ``export=xlsx&table=N``; :func:`table_workbook` answers it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote, urlencode

from lxml import html as lxml_html
from lxml.etree import ParserError
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from beizeng.errors import InvalidInput, NotFound
from beizeng.kit.clock import CHINA

EXPORT_PARAM, EXPORT_FORMAT, TABLE_PARAM = "export", "xlsx", "table"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LINK_TEXT = "导出 Excel"

_EXPORTED_TABLE = re.compile(r"<table(?![^>]*\bdata-no-export\b)[\s>]", re.IGNORECASE)
_LEFT_OUT = (
    "descendant-or-self::*[@data-no-export or self::button or self::select or "
    "self::input or self::textarea or self::script or self::style or self::template]"
)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SPACES = re.compile(r"\s+")


class ExportTableMissing(NotFound):
    """The page has no table of that number."""


class ExportTableInvalid(InvalidInput):
    """The ``table`` parameter is not a table number."""


def wants_export(query: Mapping[str, str]) -> bool:
    return query.get(EXPORT_PARAM) == EXPORT_FORMAT


def table_number(raw: str | None) -> int:
    """The 1-based table number of ``?table=`` (1 when absent)."""
    if raw is None or raw == "":
        return 1
    if not raw.isdigit() or len(raw) > 4 or int(raw) < 1:
        raise ExportTableInvalid(f"参数 table 应为表格序号（从 1 开始的整数），收到「{raw[:20]}」")
    return int(raw)


def export_href(path: str, query: Sequence[tuple[str, str]], number: int) -> str:
    """The page's URL asking for table ``number`` as a workbook, its other parameters kept."""
    kept = [(k, v) for k, v in query if k not in (EXPORT_PARAM, TABLE_PARAM)]
    return f"{path}?{urlencode([*kept, (EXPORT_PARAM, EXPORT_FORMAT), (TABLE_PARAM, str(number))])}"


def add_export_links(page: str, path: str, query: Sequence[tuple[str, str]]) -> str:
    """``page`` with a 「导出 Excel」 link before each exported ``<table>``, numbered as
    :func:`table_workbook` counts them."""
    pieces: list[str] = []
    last = 0
    for number, match in enumerate(_EXPORTED_TABLE.finditer(page), start=1):
        href = export_href(path, query, number).replace("&", "&amp;")
        pieces += [
            page[last : match.start()],
            f'<p class="export" data-no-export><a href="{href}" rel="nofollow" download>'
            f"{LINK_TEXT}</a></p>",
        ]
        last = match.start()
    return "".join([*pieces, page[last:]]) if pieces else page


@dataclass
class _Cell:
    value: Any
    number_format: str | None = None
    code: str | None = None
    colspan: int = 1
    rowspan: int = 1
    header: bool = False


@dataclass
class _Table:
    title: str
    head: list[list[_Cell]] = field(default_factory=list)
    body: list[list[_Cell]] = field(default_factory=list)


def _text(element: lxml_html.HtmlElement) -> str:
    return _SPACES.sub(" ", element.text_content()).strip()


def _number_format(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0" + ("." + "0" * places if places else "")


def _time_value(raw: str) -> tuple[date | datetime, str] | None:
    try:
        if "T" not in raw and " " not in raw.strip():
            return date.fromisoformat(raw), "yyyy-mm-dd"
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if moment.tzinfo is not None:  # a workbook has no time zones: Beijing time, as shown
        moment = moment.astimezone(CHINA).replace(tzinfo=None)
    return moment, "yyyy-mm-dd hh:mm"


def _span(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and 0 < int(raw) <= 100 else 1


def _cell(element: lxml_html.HtmlElement) -> _Cell:
    """A table cell as a typed value: a lone number, a name with its code, a date, or text."""
    for left_out in element.xpath(_LEFT_OUT)[::-1]:
        if left_out is not element:
            left_out.drop_tree()
    text = _text(element)
    cell = _Cell(
        text,
        colspan=_span(element.get("colspan")),
        rowspan=_span(element.get("rowspan")),
        header=element.tag == "th",
    )
    numbers = element.xpath(".//span[contains(concat(' ', @class, ' '), ' num ')]")
    named = element.xpath(".//span[contains(concat(' ', @class, ' '), ' named ')][@data-code]")
    times = element.xpath(".//time[@datetime]")
    if len(numbers) == 1 and _text(numbers[0]) == text and numbers[0].get("data-value"):
        try:
            value = Decimal(numbers[0].get("data-value"))
        except InvalidOperation:
            return cell
        cell.value, cell.number_format = value, _number_format(value)
    elif named:
        cell.code = "、".join(n.get("data-code") for n in named)
    elif len(times) == 1 and _text(times[0]) == text:
        typed = _time_value(times[0].get("datetime"))
        if typed:
            cell.value, cell.number_format = typed
    return cell


def _title(table: lxml_html.HtmlElement, number: int) -> str:
    captions = table.xpath("caption")
    if captions and _text(captions[0]):
        return _text(captions[0])
    headings = table.xpath("preceding::*[self::h1 or self::h2 or self::h3][1]")
    return _text(headings[0]) if headings and _text(headings[0]) else f"表{number}"


def _rows(rows: Iterable[lxml_html.HtmlElement]) -> list[list[_Cell]]:
    return [[_cell(c) for c in row.xpath("th|td")] for row in rows]


def _read(table: lxml_html.HtmlElement, number: int) -> _Table:
    title = _title(table, number)
    head = table.xpath("thead/tr")
    body = table.xpath("tbody/tr|tr")
    if not head and body and all(c.tag == "th" for c in body[0].xpath("th|td")):
        head, body = body[:1], body[1:]
    return _Table(title, _rows(head), _rows(body) + _rows(table.xpath("tfoot/tr")))


def _grid(rows: list[list[_Cell]]) -> list[dict[int, _Cell]]:
    """Cells placed at their logical columns, row and column spans resolved."""
    taken: set[tuple[int, int]] = set()
    placed: list[dict[int, _Cell]] = [{} for _ in rows]
    for r, row in enumerate(rows):
        column = 0
        for cell in row:
            while (r, column) in taken:
                column += 1
            placed[r][column] = cell
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, column + dc))
            column += cell.colspan
    return placed


def _display_width(value: Any) -> int:
    text = value if isinstance(value, str) else format(value, ",") if value is not None else ""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(text))


def _sheet_title(title: str) -> str:
    return (_SHEET_FORBIDDEN.sub(" ", title).strip() or "表")[:31]


def table_workbook(page: str, number: int) -> tuple[bytes, str]:
    """Table ``number`` (1-based, among the exported tables) of ``page`` as xlsx bytes, and
    its title."""
    try:
        document = lxml_html.document_fromstring(page)
    except ParserError as exc:
        raise ExportTableMissing("本页没有可导出的表格") from exc
    tables = document.xpath("//table[not(@data-no-export)]")
    if not 1 <= number <= len(tables):
        raise ExportTableMissing(f"本页没有第 {number} 个表格（共 {len(tables)} 个可导出的表格）")
    table = _read(tables[number - 1], number)
    head, body = _grid(table.head), _grid(table.body)
    coded = {c for row in body for c, cell in row.items() if cell.code}

    def out(column: int) -> int:  # 1-based sheet column, a code column after each named one
        return column + 1 + sum(1 for c in coded if c < column)

    def last(column: int, colspan: int) -> int:  # a spanned header covers its code columns
        end = column + colspan - 1
        return out(end) + (1 if end in coded and colspan > 1 else 0)

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_title(table.title)
    widths: dict[int, int] = {}

    def put(r: int, c: int, value: Any, cell: _Cell, bold: bool) -> None:
        target = sheet.cell(row=r, column=c, value=value)
        if cell.number_format and value is cell.value:
            target.number_format = cell.number_format
        target.font = Font(bold=bold)
        if cell.colspan == 1:
            widths[c] = max(widths.get(c, 0), _display_width(value))

    for r, row in enumerate(head + body, start=1):
        in_head = r <= len(head)
        for column, cell in row.items():
            put(r, out(column), cell.value, cell, in_head or cell.header)
            if column in coded and cell.colspan == 1:
                code = (f"{cell.value}代码" if cell.value else "代码") if in_head else cell.code
                put(r, out(column) + 1, code, cell, in_head)
            if cell.colspan > 1 or cell.rowspan > 1:
                sheet.merge_cells(
                    start_row=r,
                    start_column=out(column),
                    end_row=r + cell.rowspan - 1,
                    end_column=last(column, cell.colspan),
                )
                if column in coded and cell.colspan == 1 and cell.rowspan > 1:
                    sheet.merge_cells(
                        start_row=r,
                        start_column=out(column) + 1,
                        end_row=r + cell.rowspan - 1,
                        end_column=out(column) + 1,
                    )
    for r in range(1, len(head) + 1):
        for c in range(1, sheet.max_column + 1):
            sheet.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="center")
    for column, chars in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(60, max(8, chars + 2))
    if head:
        sheet.freeze_panes = f"A{len(head) + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), table.title


def content_disposition(path: str, title: str, number: int) -> str:
    """``attachment`` with an ASCII file name from the path and the Chinese title as
    ``filename*`` (RFC 6266), e.g. ``tools-relending-1.xlsx`` / ``再贷款台账-1.xlsx``."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "page"
    ascii_name = f"{stem}-{number}.xlsx"
    utf8_name = quote(f"{_SHEET_FORBIDDEN.sub('', title) or stem}-{number}.xlsx")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{utf8_name}"
