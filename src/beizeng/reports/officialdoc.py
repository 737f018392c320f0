"""Render an ``OfficialDocument`` as .docx bytes in the GB/T 9704-2012 layout.

Numbers from reference/facts.md: A4; top margin 37 mm, binding (left) margin 28 mm, type area
156 × 225 mm (bottom 35 mm, right 26 mm); 22 lines a page; body in 3号 (16 pt) 仿宋; title
2号 (22 pt) 小标宋 centred; "一、" headings 黑体 and "（一）" 楷体; the issuing organ's mark in red
小标宋; page numbers 4号 "— 1 —", odd pages right and even pages left; the date right-aligned
with four characters' space. Fonts are named as the reader's Word/WPS expects (仿宋_GB2312 …),
with an alternative name in the font table so that a machine without them falls back to an
East-Asian face of the same kind.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.table import Table as DocxTable
from docx.table import _Row as DocxRow
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from beizeng.kit.numbers import Shown
from beizeng.reports import tablelayout
from beizeng.reports.document import (
    Cell,
    Figure,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    numbered,
)

FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
LATIN = "Times New Roman"
ALT_NAMES = {
    FANGSONG: "FangSong",
    KAITI: "KaiTi",
    HEITI: "SimHei",
    XIAOBIAOSONG: "SimSun",
    SONGTI: "SimSun",
}
"""Fallback names written to the font table (w:altName), as Windows names the same faces."""

SIZE_2 = Pt(22)
SIZE_3 = Pt(16)
SIZE_4 = Pt(14)
SIZE_5 = Pt(10.5)
LINE = Pt(28.9)
"""22 lines in the 225 mm type area."""
NEGATIVE = re.compile(r"(?<![0-9A-Za-z.])-(?=\d)")
"""A hyphen-minus before digits that is a sign (not the dash of 2022-06 or LL-001)."""
HEADING_FACES = {1: HEITI, 2: KAITI}
"""GB/T 9704-2012 7.3.3: 一、 黑体, （一） 楷体, 1. and （1） 仿宋."""
RED = RGBColor(0xFF, 0x00, 0x00)
INDENT = Pt(32)
"""Two characters of 3号."""


def unbroken_numbers(text: str) -> str:
    """``text`` with the sign of a negative number as the minus sign U+2212: after a hyphen-minus
    a justified CJK line may end and put 「20.75%」 on the next line, a number broken across
    lines (issue 14 point 5); the minus sign, a numeric prefix, stays with its digits in Word
    and LibreOffice (a non-breaking hyphen does not, in LibreOffice)."""
    return NEGATIVE.sub("\u2212", text)


def style_run(
    run: Run, face: str, size: Pt, *, bold: bool = False, color: RGBColor | None = None
) -> Run:
    """Set Latin and East-Asian font names (w:eastAsia) and the size of ``run``."""
    run.font.name = LATIN
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), face)
    fonts.set(qn("w:hint"), "eastAsia")
    return run


def _paragraph(
    doc: DocxDocument,
    text: str,
    face: str,
    size: Pt,
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: Pt | None = None,
    bold: bool = False,
    color: RGBColor | None = None,
    exact: bool = True,
) -> DocxParagraph:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE
    if indent is not None:
        fmt.first_line_indent = indent
    if text:
        style_run(p.add_run(text), face, size, bold=bold, color=color)
    return p


def _page_setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(25)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = SIZE_3
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)


def _page_number(paragraph: DocxParagraph) -> None:
    """``— PAGE —`` as a field, so every page shows its own number."""

    def field_char(kind: str) -> None:
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._element.append(el)

    style_run(paragraph.add_run("— "), SONGTI, SIZE_4)
    field_char("begin")
    instr = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = " PAGE "
    instr._element.append(text)
    field_char("separate")
    style_run(paragraph.add_run("1"), SONGTI, SIZE_4)
    field_char("end")
    style_run(paragraph.add_run(" —"), SONGTI, SIZE_4)


def _footers(doc: DocxDocument) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(14)
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(14)
    _page_number(even)


def _font_table(doc: DocxDocument) -> None:
    """Declare the Chinese faces with GB2312 charset and their alternative names."""
    for part in doc.part.package.parts:
        if str(part.partname) != "/word/fontTable.xml":
            continue
        root = etree.fromstring(part.blob)
        for name, alt in ALT_NAMES.items():
            font = etree.SubElement(root, qn("w:font"))
            font.set(qn("w:name"), name)
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
            etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")
            etree.SubElement(font, qn("w:family")).set(qn("w:val"), "modern")
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rule(
    paragraph: DocxParagraph, *, color: str, size: int, sides: tuple[str, ...] = ("bottom",)
) -> None:
    """Horizontal lines as paragraph borders (the red line under the document number)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in sides:
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), str(size))
        line.set(qn("w:space"), "1")
        line.set(qn("w:color"), color)
        borders.append(line)
    # Schema order: w:pBdr comes before w:shd, w:tabs, w:spacing, w:ind and w:jc.
    ppr.insert_element_before(
        borders,
        "w:shd",
        "w:tabs",
        "w:spacing",
        "w:ind",
        "w:jc",
        "w:outlineLvl",
        "w:rPr",
        "w:sectPr",
    )


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _table_properties(table: DocxTable, twips: int) -> None:
    """Fixed layout at an explicit width with explicit cell margins: no renderer auto-fits
    the table beyond the type area (issue 14 point 5)."""
    tbl_pr = table._tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout", "w:tblCellMar"):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(twips))
    width.set(qn("w:type"), "dxa")
    # Schema order of w:tblPr: tblStyle … tblW, jc, …, tblLayout, tblCellMar, tblLook.
    tbl_pr.insert_element_before(
        width, "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLook"
    )
    fixed = OxmlElement("w:tblLayout")
    fixed.set(qn("w:type"), "fixed")
    tbl_pr.insert_element_before(fixed, "w:tblLook", "w:tblCaption", "w:tblDescription")
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin_el = OxmlElement(f"w:{side}")
        margin_el.set(qn("w:w"), str(_twips(tablelayout.PADDING_MM)))
        margin_el.set(qn("w:type"), "dxa")
        margins.append(margin_el)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _row_properties(row: DocxRow, *, header: bool) -> None:
    """Rows never split across pages; the header row repeats on every page (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _no_autospace(paragraph: DocxParagraph) -> None:
    """No extra space between CJK and Latin characters or digits in a cell (Word's and
    LibreOffice's autospacing would widen 「（%）」 beyond the width ``tablelayout`` measured)."""
    ppr = paragraph._p.get_or_add_pPr()
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), "0")
        # Schema order: autoSpaceDE, autoSpaceDN come before w:spacing, w:ind and w:jc.
        ppr.insert_element_before(
            el,
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:jc",
            "w:textAlignment",
            "w:outlineLvl",
            "w:rPr",
            "w:sectPr",
        )


def _cell_text(value: Cell) -> str:
    return value.text if isinstance(value, Shown) else value


def _table(doc: DocxDocument, block: Table) -> None:
    """A table in 仿宋 小四, its column widths from its content (``tablelayout``), the header
    row repeated on every page and its units on a line of their own, figures right-aligned,
    the East-Asian font on every run."""
    _paragraph(doc, block.title, HEITI, SIZE_4, align=WD_ALIGN_PARAGRAPH.CENTER)
    texts = [[_cell_text(v) for v in row] for row in block.rows]
    numeric = [
        any(isinstance(row[i], Shown) for row in block.rows) for i in range(len(block.header))
    ]
    fitted = tablelayout.layout(block.header, texts, numeric)
    size = Pt(fitted.size_pt)
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Rounded cumulatively, so that the columns add up to the table's width exactly.
    edges = [_twips(sum(fitted.widths_mm[:i])) for i in range(len(fitted.widths_mm) + 1)]
    _table_properties(table, edges[-1])
    for column, start, end in zip(table.columns, edges, edges[1:], strict=False):
        width = Twips(end - start)
        column.width = width
        for cell in column.cells:
            cell.width = width
    headed = [
        "\n".join(tablelayout.balanced_lines(h, w, fitted.size_pt))
        for h, w in zip(block.header, fitted.widths_mm, strict=True)
    ]
    for row_index, (row, values) in enumerate(
        zip(table.rows, [tuple(headed), *block.rows], strict=True)
    ):
        _row_properties(row, header=row_index == 0)
        for cell, value in zip(row.cells, values, strict=True):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            fmt = p.paragraph_format
            fmt.space_before = fmt.space_after = Pt(0)
            fmt.line_spacing = 1.0
            _no_autospace(p)
            if row_index == 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif isinstance(value, Shown):
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            style_run(p.add_run(_cell_text(value)), FANGSONG, size, bold=row_index == 0)
    if block.note:
        _paragraph(doc, block.note, KAITI, SIZE_5, exact=False)


def _figure(doc: DocxDocument, block: Figure) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run().add_picture(io.BytesIO(block.png), width=Mm(block.width_mm))
    _paragraph(doc, block.caption, KAITI, SIZE_4, align=WD_ALIGN_PARAGRAPH.CENTER)


def render(document: OfficialDocument) -> bytes:
    """The .docx bytes of ``document``."""
    doc = Document()
    _page_setup(doc)
    _footers(doc)
    _font_table(doc)
    doc.core_properties.title = document.title
    doc.core_properties.author = document.signature
    mark = _paragraph(
        doc,
        document.mark,
        XIAOBIAOSONG,
        Pt(26),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        color=RED,
        exact=False,
    )
    mark.paragraph_format.space_before = Pt(28)
    mark.paragraph_format.space_after = Pt(28)
    number = _paragraph(doc, document.number, FANGSONG, SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER)
    _rule(number, color="FF0000", size=12)
    _paragraph(doc, "", FANGSONG, SIZE_3)
    for line in document.title.split("\n"):
        _paragraph(doc, line, XIAOBIAOSONG, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
    _paragraph(doc, "", FANGSONG, SIZE_3)
    _paragraph(doc, document.recipients, FANGSONG, SIZE_3)
    for block in numbered(document.blocks):
        if isinstance(block, Heading):
            face = HEADING_FACES.get(block.level, FANGSONG)
            _paragraph(doc, block.text, face, SIZE_3, indent=INDENT)
        elif isinstance(block, Paragraph):
            _paragraph(doc, unbroken_numbers(block.text), FANGSONG, SIZE_3, indent=INDENT)
        elif isinstance(block, Table):
            _table(doc, block)
        else:
            _figure(doc, block)
    for _ in range(2):
        _paragraph(doc, "", FANGSONG, SIZE_3)
    signature = _paragraph(
        doc, document.signature, FANGSONG, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT
    )
    signature.paragraph_format.right_indent = Pt(32)
    day = document.signed_on
    dated = _paragraph(
        doc,
        f"{day.year}年{day.month}月{day.day}日",
        FANGSONG,
        SIZE_3,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    dated.paragraph_format.right_indent = Pt(64)
    if document.copy_to:
        _paragraph(doc, "", FANGSONG, SIZE_3)
        copy = _paragraph(doc, f"抄送：{document.copy_to}", FANGSONG, SIZE_4, indent=Pt(14))
        _rule(copy, color="000000", size=8, sides=("top", "bottom"))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
