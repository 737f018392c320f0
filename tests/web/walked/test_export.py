"""Every table of every page offers 「导出 Excel」, and the workbook holds the page's rows and
numbers (issue 14 point 4), walked over the pages pboc, gov and a bank open, on both databases."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from lxml import html as lxml_html
from openpyxl import load_workbook

from tests.access.world import World
from tests.web.walked.conftest import GROUP, Walked
from tests.web.walked.pagewalk import Page

pytestmark = GROUP

EXPORTED = "//table[not(@data-no-export)]"
NUMBER = "span[contains(concat(' ', @class, ' '), ' num ')][@data-value]"


@pytest.fixture
def pages(walked: Walked) -> list[Page]:
    return walked.pages


def typed_values(table: lxml_html.HtmlElement) -> list[Decimal]:
    """The data-value of every cell that is a lone number: what the export must type."""
    found = []
    for cell in table.xpath(".//td|.//th"):
        spans = cell.xpath(f".//{NUMBER}")
        if len(spans) == 1 and spans[0].text_content().strip() == cell.text_content().strip():
            found.append(Decimal(spans[0].get("data-value")))
    return found


def export_links(tree: lxml_html.HtmlElement) -> list[str]:
    return [a.get("href") for a in tree.xpath("//p[@class='export']/a") if a.text == "导出 Excel"]


def test_the_walk_reaches_the_pages_with_tables(pages: list[Page]) -> None:
    with_tables = {(p.principal, p.path) for p in pages if p.tree.xpath(EXPORTED)}
    for expected in [
        ("pboc", "/tools"),
        ("pboc", "/outreach"),
        ("pboc", "/submissions/board"),
        ("gov", "/outreach"),
        ("bank", "/tools"),
        ("bank", "/demands"),
    ]:
        assert expected in with_tables


def test_every_table_offers_an_export_link_numbered_in_order(pages: list[Page]) -> None:
    for page in pages:
        tree = page.tree
        tables = tree.xpath(EXPORTED)
        links = export_links(tree)
        assert len(links) == len(tables), (page.principal, page.path)
        for number, (href, table) in enumerate(zip(links, tables, strict=True), start=1):
            assert href.endswith(f"export=xlsx&table={number}"), href
            previous = table.getprevious()
            assert previous is not None and previous.get("class") == "export", page.path


def test_each_workbook_has_the_tables_rows_and_numbers(world: World, pages: list[Page]) -> None:
    checked = 0
    for page in pages:
        tree = page.tree
        client = world.client(page.principal)
        for href, table in zip(export_links(tree), tree.xpath(EXPORTED), strict=True):
            response = client.get(href)
            assert response.status_code == 200, (href, response.text[-500:])
            assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
            assert response.headers["content-disposition"].startswith("attachment; filename=")
            sheet = load_workbook(io.BytesIO(response.content)).active
            assert sheet is not None
            rows = table.xpath("thead/tr|tbody/tr|tr|tfoot/tr")
            assert sheet.max_row == len(rows), href
            numbers = sorted(
                Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
                for row in sheet.iter_rows(values_only=True)
                for v in row
                if isinstance(v, int | float) and not isinstance(v, bool)
            )
            assert numbers == sorted(typed_values(table)), href
            checked += 1
    assert checked >= 10


def test_the_tools_export_types_the_relending_batch(world: World) -> None:
    client = world.client("pboc")
    tree = lxml_html.document_fromstring(client.get("/tools").text)
    (number,) = [n for n, t in enumerate(tree.xpath(EXPORTED), start=1) if t.get("id") == "batches"]
    response = client.get(f"/tools?export=xlsx&table={number}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["批次", "项目", "机构", "机构代码"]
    assert "合格金额（万元）" in header and "利率（%）" in header
    row = {h: c.value for h, c in zip(header, sheet[2], strict=True)}
    assert row["机构"] == "矩阵银行吕梁分行" and row["机构代码"] == world.ids["bank_code"]
    assert row["合格金额（万元）"] == 50 and row["利率（%）"] == 2
    cell = sheet.cell(row=2, column=header.index("合格金额（万元）") + 1)
    assert cell.number_format == "#,##0.00"


@pytest.mark.parametrize(
    ("table", "status", "message"),
    [
        ("abc", 422, "参数 table 应为表格序号"),
        ("0", 422, "参数 table"),
        ("99", 404, "没有第 99 个表格"),
    ],
)
def test_a_bad_table_number_is_a_chinese_error_page(
    world: World, table: str, status: int, message: str
) -> None:
    response = world.client("pboc").get(f"/tools?export=xlsx&table={table}")
    assert response.status_code == status and message in response.text


def test_an_export_keeps_the_page_query(world: World) -> None:
    tree = lxml_html.document_fromstring(world.client("pboc").get("/outreach?by=county").text)
    assert all("by=county&" in href for href in export_links(tree))
