"""The demo's bulletin rendered to PDF and measured (issue 14 point 5, "done when").

The package's session fixture runs the tiny demo (``beizeng demo run``, which writes the
bulletin's docx and, with LibreOffice installed, its PDF) in a home of its own; the tests then read the docx
(the widths it declares) and the PDF with pdfplumber (where the characters were drawn) and
pdffonts (what was embedded). The PDF and a PNG per page are kept in ``test-artifacts/bulletin/``
for a person to look at. Rendering needs ``soffice``, ``pdffonts`` and ``pdftoppm`` (Debian
``libreoffice-writer-nogui poppler-utils``, installed by ``.ci/run``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Pt

from beizeng.reports.document import chinese_numeral
from tests.ondemo.conftest import ONDEMO, DemoRun

pytestmark = ONDEMO

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "bulletin"
MM = 72 / 25.4
"""Points per millimetre."""
LEFT_MM, TYPE_WIDTH_MM = 28.0, 156.0
TWIPS_PER_MM = 1440 / 25.4
PAGES = range(8, 17)
"""The tiny demo's bulletin: the head, 17 city targets, 6 per-bank targets, three tables of up to
28 rows, two charts and the closing sections: 8 to 16 pages (13 when this was written)."""
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
REPLACEMENTS = re.compile("[\ufffd\u25a1\u25af\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f]")
"""What a renderer or extractor shows for a glyph it could not draw or map: U+FFFD, the white
boxes □ ▯ (tofu), private-use code points and control characters."""


@dataclass(frozen=True)
class Rendered:
    docx: Path
    pdf: Path
    stdout: str


@pytest.fixture(scope="module")
def rendered(demo_run: DemoRun) -> Rendered:
    """The demo's bulletin and its PDF, copied with a PNG per page to ``test-artifacts/``."""
    home, stdout = demo_run.home, demo_run.stdout
    docx = home / "reports" / "bulletin-2022-12.docx"
    pdf = docx.with_suffix(".pdf")
    assert pdf.exists(), stdout
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in [*ARTIFACTS.glob("page-*.png"), *ARTIFACTS.glob("bulletin.*")]:
        old.unlink()
    shutil.copyfile(pdf, ARTIFACTS / "bulletin.pdf")
    shutil.copyfile(docx, ARTIFACTS / "bulletin.docx")
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", str(pdf), str(ARTIFACTS / "page")],
        check=True,
        timeout=300,
    )
    return Rendered(docx, pdf, stdout)


def _document(rendered: Rendered) -> DocxDocument:
    return Document(str(rendered.docx))


def test_the_demo_dates_and_numbers_the_bulletin_from_the_period(rendered: Rendered) -> None:
    texts = [p.text for p in _document(rendered).paragraphs]
    assert "银吕发〔2022〕12号" in texts
    assert "2023年1月16日" in texts  # the first working day from 2023-01-15, not the run's day
    assert "成文日期 2023-01-16" in rendered.stdout


def test_the_page_count_is_in_the_expected_range(rendered: Rendered) -> None:
    with pdfplumber.open(rendered.pdf) as pdf:
        assert len(pdf.pages) in PAGES, len(pdf.pages)
    assert len(list(ARTIFACTS.glob("page-*.png"))) in PAGES


def test_every_table_declares_a_fixed_width_within_the_type_area(rendered: Rendered) -> None:
    tables = _document(rendered).tables
    assert len(tables) == 3
    for table in tables:
        tbl = table._tbl
        grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
        width = tbl.tblPr.find(qn("w:tblW"))
        assert width.get(qn("w:type")) == "dxa" and int(width.get(qn("w:w"))) == sum(grid)
        assert sum(grid) <= TYPE_WIDTH_MM * TWIPS_PER_MM + 1
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for row in table.rows:
            for cell, column in zip(row.cells, grid, strict=True):
                assert int(cell._tc.tcPr.tcW.get(qn("w:w"))) == column
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None


def test_table_text_is_fangsong_xiaosi_on_every_run_and_figures_right_aligned(
    rendered: Rendered,
) -> None:
    for table in _document(rendered).tables:
        for r, row in enumerate(table.rows):
            for cell in row.cells:
                [paragraph] = cell.paragraphs
                for run in paragraph.runs:
                    fonts = run._element.rPr.rFonts
                    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
                    assert fonts.get(qn("w:ascii")) == "Times New Roman"
                    assert run.font.size == Pt(12)
                if r and NUMBER.fullmatch(cell.text):
                    assert paragraph.alignment == 2, cell.text  # right


def _cell_lines(page: pdfplumber.page.Page, bbox: tuple[float, float, float, float]) -> list[str]:
    """The text of a table cell by rendered line (characters grouped by their baseline)."""
    x0, top, x1, bottom = bbox
    lines: dict[int, list[tuple[float, str]]] = defaultdict(list)
    for char in page.chars:
        if x0 <= (char["x0"] + char["x1"]) / 2 <= x1 and top <= char["top"] <= bottom:
            lines[round(char["bottom"])].append((char["x0"], char["text"]))
    return ["".join(t for _, t in sorted(chars)) for _, chars in sorted(lines.items())]


def _tables(pdf: pdfplumber.PDF) -> list[tuple[pdfplumber.page.Page, pdfplumber.table.Table]]:
    return [(page, table) for page in pdf.pages for table in page.find_tables()]


def test_rendered_tables_fit_the_type_area_and_no_number_wraps(rendered: Rendered) -> None:
    left, right = LEFT_MM * MM, (LEFT_MM + TYPE_WIDTH_MM) * MM
    checked = 0
    with pdfplumber.open(rendered.pdf) as pdf:
        tables = _tables(pdf)
        assert len(tables) >= 3  # three tables, continued over pages
        for page, table in tables:
            x0, _, x1, _ = table.bbox
            assert left - 1 <= x0 and x1 <= right + 1, (page.page_number, table.bbox)
            for row in table.rows[1:]:
                for bbox in row.cells:
                    if bbox is None:
                        continue
                    lines = _cell_lines(page, bbox)
                    text = "".join(lines)
                    for match in NUMBER.finditer(text):
                        checked += 1
                        assert match.group() in lines, (page.page_number, lines)
        for page in pdf.pages:
            for char in page.chars:
                assert left - 1 <= char["x0"] and char["x1"] <= right + 1, (page.page_number, char)
    assert checked > 300  # every figure of the three tables (28 + 28 + 13 rows)


SPLIT = re.compile(r"[\d,.\-\u2212]$")
"""A line ending inside a number: a digit, a separator or a minus sign."""


def test_no_number_in_the_prose_is_broken_across_lines(rendered: Rendered) -> None:
    """A body line that ends inside a number and a next line that goes on with digits would be
    a number broken across lines (「同比增速-」 / 「20.75%」)."""
    pairs = 0
    with pdfplumber.open(rendered.pdf) as pdf:
        for page in pdf.pages:
            inside = [t.bbox for t in page.find_tables()]
            lines = [
                line
                for line in page.extract_text_lines()
                if not any(
                    x0 <= line["x0"] <= x1 and top <= line["top"] <= bottom
                    for x0, top, x1, bottom in inside
                )
            ]
            for above, below in zip(lines, lines[1:], strict=False):
                pairs += 1
                broken = SPLIT.search(above["text"]) and re.match(r"[\d,.%]", below["text"])
                assert not broken, (page.page_number, above["text"], below["text"])
    assert pairs > 100


def test_every_font_is_embedded_and_no_glyph_is_missing(rendered: Rendered) -> None:
    fonts = subprocess.run(
        ["pdffonts", str(rendered.pdf)], capture_output=True, check=True
    ).stdout.decode()
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), fonts
    assert any("SerifCJK" in row or "FangSong" in row for row in rows), fonts  # 仿宋 kind
    with pdfplumber.open(rendered.pdf) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
        text = "".join(c["text"] for c in chars)
        names = {c["fontname"] for c in chars}
        cells = [
            c
            for page, table in _tables(pdf)
            for c in page.crop(table.bbox).chars
            if "\u4e00" <= c["text"] <= "\u9fff"
        ]
    assert REPLACEMENTS.findall(text) == []
    assert not [n for n in names if "notdef" in n.lower() or "lastresort" in n.lower()]
    # Chinese in the tables is drawn with a CJK serif (the 仿宋 kind), not a Latin face.
    assert cells and all("CJK" in c["fontname"] or "Fang" in c["fontname"] for c in cells)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_paragraph_and_cell_of_the_docx_is_in_the_pdf(rendered: Rendered) -> None:
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(rendered.pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")  # reading order: the lines of a table cell stay together
    (ARTIFACTS / "bulletin.txt").write_text(raw, encoding="utf-8")
    drawn = _squeezed(re.sub(r"—\s*\d+\s*—", "", raw))  # a paragraph goes on over the page number
    doc = _document(rendered)
    # A header cell's lines (name, unit) are read across the row: each line on its own.
    expected = [p.text for p in doc.paragraphs] + [
        line
        for table in doc.tables
        for row in table.rows
        for cell in row.cells
        for line in cell.text.split("\n")
    ]
    expected = [_squeezed(t) for t in expected if t.strip()]
    assert len(expected) > 200
    assert [t for t in expected if t not in drawn] == []


HEADINGS = {
    1: re.compile(r"^([一二三四五六七八九十]+)、"),
    2: re.compile(r"^（([一二三四五六七八九十]+)）"),
}


def test_headings_tables_and_figures_are_numbered_consecutively(rendered: Rendered) -> None:
    levels: list[tuple[int, str]] = []
    captions: list[str] = []
    for p in _document(rendered).paragraphs:
        for level, pattern in HEADINGS.items():
            if match := pattern.match(p.text):
                levels.append((level, match.group(1)))
        if re.match(r"^[表图]\d+  ", p.text):
            captions.append(p.text.split("  ")[0])
    expected: list[str] = []
    counts = {1: 0, 2: 0}
    for level, _ in levels:
        counts[level] += 1
        if level == 1:
            counts[2] = 0
        expected.append(chinese_numeral(counts[level]))
    assert [n for _, n in levels] == expected
    assert len([1 for level, _ in levels if level == 1]) >= 6  # 全市 … 下一步工作要求
    assert len([1 for level, _ in levels if level == 2]) >= 20  # 17 city + 6 per-bank targets
    assert captions == ["表1", "表2", "表3", "图1", "图2"]
