"""The bulletin: GB/T 9704 layout, prose from the numbers, failing institutions named; rendered.

The rendering test converts the docx with LibreOffice headless and rasterises every page with
pdftoppm (Debian ``libreoffice-writer-nogui poppler-utils``, installed by ``.ci/run``), then
reads the text back with pdftotext; the PNGs and the text are kept in ``test-artifacts/bulletin/``
for a person to look at.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from beizeng.kit.periods import Period
from beizeng.monitor import service as monitor
from beizeng.reports import service
from tests.monitor.conftest import banks, ledger_home  # noqa: F401
from tests.monitor.ledgers import import_example

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "bulletin"
TITLE_LINE = "倍增工程指标完成情况的通报"


@pytest.fixture
def written(banks: Session, tmp_path: Path) -> service.BulletinWritten:  # noqa: F811
    import_example(banks, tmp_path / "in")
    return service.write_bulletin(
        banks,
        plan=monitor.load_plan(),
        period=Period(2022, 12),
        out=tmp_path / "out" / "bulletin.docx",
        xlsx=tmp_path / "out" / "indicators.xlsx",
        number="银吕发〔2022〕35号",
        signed_on=date(2023, 1, 16),
    )


def _texts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_page_follows_gb_t_9704(written: service.BulletinWritten) -> None:
    doc = Document(str(written.docx))
    section = doc.sections[0]
    width, height = section.page_width, section.page_height
    top, bottom, left, right = (
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    )
    assert width and height and top and bottom and left and right
    # Stored in twentieths of a point: compare to a tenth of a millimetre.
    assert (round(width.mm, 1), round(height.mm, 1)) == (210, 297)
    assert (round(top.mm, 1), round(left.mm, 1)) == (37, 28)
    assert round(width.mm - left.mm - right.mm, 1) == 156
    assert round(height.mm - top.mm - bottom.mm, 1) == 225


def test_head_has_red_mark_number_and_title_in_the_right_sizes(
    written: service.BulletinWritten,
) -> None:
    paragraphs = Document(str(written.docx)).paragraphs
    mark = paragraphs[0].runs[0]
    assert paragraphs[0].text == "中国人民银行吕梁市中心支行文件"
    assert str(mark.font.color.rgb) == "FF0000"
    assert paragraphs[1].text == "银吕发〔2022〕35号"
    title = next(p for p in paragraphs if p.text == TITLE_LINE)
    assert title.runs[0].font.size == Pt(22)
    assert title.alignment == 1  # centred


def test_body_is_fangsong_3hao_with_east_asian_font_names(
    written: service.BulletinWritten,
) -> None:
    paragraphs = Document(str(written.docx)).paragraphs
    body = next(p for p in paragraphs if p.text.startswith("根据《"))
    run = body.runs[0]
    assert run.font.size == Pt(16)
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    heading = next(p for p in paragraphs if p.text.startswith("一、"))
    assert heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    sub = next(p for p in paragraphs if p.text.startswith("（一）"))
    assert sub.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"


def test_prose_comes_from_the_numbers(written: service.BulletinWritten) -> None:
    text = "\n".join(_texts(written.docx))
    # City loans 7,200,000 yuan = 720.00 万元, growth 200.00% against a target of 10.00%.
    assert "吕梁市各项贷款余额720.00万元，同比增速200.00%，目标为不低于10.00%，达到目标。" in text
    assert "2023年1月16日" in text


def test_institutions_failing_a_target_are_named(written: service.BulletinWritten) -> None:
    text = "\n".join(_texts(written.docx))
    # Bank B has no 2021-12 snapshot: it cannot be judged, and says so.
    assert "因数据缺失暂无法评估：乙农商银行" in text


def test_tables_by_institution_and_county(written: service.BulletinWritten) -> None:
    tables = Document(str(written.docx)).tables
    cells = [[c.text for c in row.cells] for t in tables for row in t.rows]
    assert cells[0][:3] == ["机构", "各项贷款（万元）", "同比（%）"]
    assert cells[1][:3] == ["甲银行吕梁分行", "665.00", "177.08"]  # 6,650,000 / 2,400,000 − 1
    assert any(row[0] == "文水县" and row[1] == "55.00" for row in cells)


def test_workbook_has_the_results_and_indicators(written: service.BulletinWritten) -> None:
    assert written.xlsx is not None
    book = load_workbook(written.xlsx)
    assert book.sheetnames[:3] == ["目标评估", "指标", "机构排名"]
    rows = list(book["指标"].iter_rows(values_only=True))
    loans = next(r for r in rows if r[0] == "loans" and r[2] == "141100")
    assert loans[5] == 7_200_000 and loans[6] == 2_400_000 and loans[7] == 2


REPLACEMENTS = re.compile("[\ufffd\u25a1\u25af\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f]")
"""What a renderer or extractor shows for a glyph it could not draw or map: U+FFFD, the white
boxes □ ▯ (tofu), private-use code points (a glyph without a Unicode mapping) and control
characters (pdftotext's only control characters are the newline and the form feed of a page)."""


def _squeezed(text: str) -> str:
    """Text without whitespace: pdftotext breaks lines where the page wraps them."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("template", ["sqlite"], indirect=True)
def test_rendered_pages_have_no_missing_glyphs(
    written: service.BulletinWritten, tmp_path: Path
) -> None:
    """Rendering reads only the docx, so it runs once (on the SQLite-built bulletin).

    Every paragraph and table cell of the docx must come out of the PDF as the same characters,
    with nothing a renderer writes for a glyph it lacks, and be drawn with an embedded CJK face.
    """
    pdf_dir = tmp_path / "pdf"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdf_dir),
            str(written.docx),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = pdf_dir / "bulletin.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("page-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / "page")], check=True, timeout=120
    )
    assert sorted(ARTIFACTS.glob("page-*.png"))
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")  # reading order: a table cell's lines stay together
    (ARTIFACTS / "bulletin.txt").write_text(raw, encoding="utf-8")

    assert REPLACEMENTS.findall(raw) == []
    rendered = _squeezed(raw)
    doc = Document(str(written.docx))
    expected = [p.text for p in doc.paragraphs] + [
        cell.text for table in doc.tables for row in table.rows for cell in row.cells
    ]
    expected = [_squeezed(t) for t in expected if t.strip()]
    assert TITLE_LINE in rendered and "吕梁市各项贷款余额720.00万元" in rendered
    assert len(expected) > 20  # the head, the prose and both tables are all checked
    assert [t for t in expected if t not in rendered] == []

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True).stdout.decode()
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), fonts  # every font embedded
    assert any("CJK" in row for row in rows), fonts  # Chinese drawn with a CJK face
