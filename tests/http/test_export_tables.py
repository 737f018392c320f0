"""A page's table as a workbook: typed numbers, names with a code column, dates, units in the
header (issue 14 point 4). Pure: HTML in, xlsx bytes out."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from markupsafe import Markup
from openpyxl import load_workbook

from beizeng.http.export import (
    ExportTableInvalid,
    ExportTableMissing,
    add_export_links,
    content_disposition,
    table_number,
    table_workbook,
)
from beizeng.kit import numbers
from beizeng.kit.named import Named


def cells(page: str, number: int = 1) -> tuple[str, list[list[object]], object]:
    data, title = table_workbook(page, number)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = [[_exact(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    return title, rows, sheet


def _exact(value: object) -> object:
    """A numeric cell as the decimal written in the file (openpyxl reads numbers as float;
    the file holds the decimal text, which ``repr`` of the float gives back)."""
    return Decimal(repr(value)) if isinstance(value, float) else value


def page_with(*rows: tuple[object, ...], head: str = "") -> str:
    body = "".join(
        "<tr>" + "".join(f"<td>{Markup.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return (
        f"<html><body><h2>再贷款台账</h2><table>{head}<tbody>{body}</tbody></table></body></html>"
    )


HEAD = "<thead><tr><th>机构</th><th>余额（万元）</th><th>占比（%）</th><th>户数（户）</th></tr></thead>"


def test_numbers_are_typed_with_the_decimals_shown_and_names_get_a_code_column() -> None:
    page = page_with(
        (
            Named("FSRCU", "汾阳农商银行"),
            numbers.money(548823900),
            numbers.rate(0.1083),
            numbers.count(1234),
        ),
        (
            Named("ABCLL", "农行吕梁分行"),
            numbers.money(-5000),
            numbers.rate(None, reason="无数据"),
            numbers.count(0),
        ),
        head=HEAD,
    )
    title, rows, sheet = cells(page)
    assert title == "再贷款台账" and sheet.title == "再贷款台账"
    assert rows[0] == ["机构", "机构代码", "余额（万元）", "占比（%）", "户数（户）"]
    assert rows[1] == ["汾阳农商银行", "FSRCU", Decimal("54882.39"), Decimal("10.83"), 1234]
    assert rows[2] == ["农行吕梁分行", "ABCLL", Decimal("-0.50"), "—", 0]
    assert sheet["C2"].number_format == "#,##0.00" and sheet["E2"].number_format == "#,##0"
    assert sheet.freeze_panes == "A2"


def test_exact_values_not_floats_reach_the_cells() -> None:
    page = page_with(
        (numbers.money(123456789012345678),), head="<thead><tr><th>x</th></tr></thead>"
    )
    data, _ = table_workbook(page, 1)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<v>12345678901234.57</v>" in xml


def test_a_cell_with_more_than_a_number_stays_text() -> None:
    shown = numbers.rate(Decimal("0.05"))
    page = page_with((Markup(f"{Markup(shown.__html__())}（达标）"),))
    assert cells(page)[1] == [["5.00（达标）"]]


def test_dates_marked_with_time_become_dates_in_beijing_time() -> None:
    page = page_with(
        (
            Markup('<time datetime="2022-06-30">2022-06-30</time>'),
            Markup('<time datetime="2022-06-06T02:30:00+00:00">2022-06-06 10:30</time>'),
            "2022-07-01",
        ),
    )
    assert cells(page)[1] == [[datetime(2022, 6, 30), datetime(2022, 6, 6, 10, 30), "2022-07-01"]]
    assert date(2022, 6, 30)  # the cell holds the date at midnight, as Excel stores dates


def test_controls_and_no_export_marks_are_left_out() -> None:
    page = (
        "<h1>需求</h1><table><thead><tr><th>金额（元）<span data-no-export>▲</span></th>"
        "<th>操作</th></tr></thead><tbody><tr><td>1</td><td><form><input value='x'>"
        "<button>受理</button></form><a href='/d/1'>查看</a></td></tr></tbody></table>"
    )
    assert cells(page)[1] == [["金额（元）", "操作"], ["1", "查看"]]


def test_caption_names_the_sheet_and_spans_are_merged() -> None:
    page = (
        "<table><caption>按县区：余额/贷款</caption><thead><tr><th rowspan='2'>县区</th>"
        "<th colspan='2'>余额（万元）</th></tr><tr><th>本期</th><th>上期</th></tr></thead>"
        "<tbody><tr><td>" + Named("141102", "离石区").__html__() + "</td><td>1</td><td>2</td>"
        "</tr></tbody></table>"
    )
    title, rows, sheet = cells(page)
    assert title == "按县区：余额/贷款" and sheet.title == "按县区：余额 贷款"
    assert rows == [
        ["县区", "县区代码", "余额（万元）", None],
        [None, None, "本期", "上期"],
        ["离石区", "141102", "1", "2"],
    ]
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:A2", "B1:B2", "C1:D1"}


def test_tables_without_thead_take_a_first_row_of_th_as_header() -> None:
    page = "<table><tr><th>甲</th></tr><tr><td>1</td></tr></table>"
    _, rows, sheet = cells(page)
    assert rows == [["甲"], ["1"]] and sheet.freeze_panes == "A2"


def test_tables_marked_no_export_are_not_counted() -> None:
    page = (
        "<h2>表单</h2><table data-no-export><tr><td>布局</td></tr></table>"
        "<h2>明细</h2><table><tr><td>甲</td></tr></table>"
        "<h2>汇总</h2><table><tr><td>乙</td></tr></table>"
    )
    assert cells(page, 1)[:2] == ("明细", [["甲"]])
    assert cells(page, 2)[:2] == ("汇总", [["乙"]])
    with pytest.raises(ExportTableMissing, match="没有第 3 个表格"):
        table_workbook(page, 3)


def test_links_are_numbered_as_the_export_counts_and_keep_the_query() -> None:
    page = "<p>x</p><table data-no-export></table><table class='a'></table><TABLE></TABLE>"
    linked = add_export_links(page, "/tools", [("period", "2022-06"), ("table", "9")])
    assert linked.count("导出 Excel") == 2
    assert linked.index('href="/tools?period=2022-06&amp;export=xlsx&amp;table=1"') < linked.index(
        "<table class='a'>"
    )
    assert 'table=2"' in linked and linked.index('table=2"') < linked.index("<TABLE>")
    assert add_export_links("<p>no tables</p>", "/", []) == "<p>no tables</p>"
    assert "导出" not in add_export_links("<tablex></tablex>", "/", [])


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "1.5", "99999", " 1"])
def test_a_bad_table_number_is_a_chinese_422(raw: str) -> None:
    with pytest.raises(ExportTableInvalid, match="table"):
        table_number(raw)


def test_table_number_defaults_to_the_first() -> None:
    assert table_number(None) == 1 and table_number("") == 1 and table_number("12") == 12


def test_a_page_without_tables_has_nothing_to_export() -> None:
    with pytest.raises(ExportTableMissing):
        table_workbook("<p>无表格</p>", 1)


def test_file_name_is_ascii_with_the_chinese_title_as_filename_star() -> None:
    header = content_disposition("/tools/relending/7", "再贷款台账", 2)
    assert header.startswith('attachment; filename="tools-relending-7-2.xlsx"; ')
    assert header.endswith("filename*=UTF-8''%E5%86%8D%E8%B4%B7%E6%AC%BE%E5%8F%B0%E8%B4%A6-2.xlsx")
    header.encode("latin-1")  # an HTTP header must be
