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

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from beizeng.reports.document import Figure, Heading, OfficialDocument, Paragraph, Table

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
TYPE_WIDTH_MM = 156.0
RED = RGBColor(0xFF, 0x00, 0x00)
INDENT = Pt(32)
"""Two characters of 3号."""


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


def _table(doc: DocxDocument, block: Table) -> None:
    _paragraph(doc, block.title, HEITI, SIZE_4, align=WD_ALIGN_PARAGRAPH.CENTER)
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    first = 40.0 if len(block.header) > 2 else 78.0
    rest = (TYPE_WIDTH_MM - first) / max(1, len(block.header) - 1)
    widths = [Mm(first), *[Mm(rest)] * (len(block.header) - 1)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    for row_index, values in enumerate([block.header, *block.rows]):
        for col, value in enumerate(values):
            cell = table.cell(row_index, col)
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if row_index == 0 or col else None
            face = HEITI if row_index == 0 else FANGSONG
            style_run(p.add_run(value), face, SIZE_5)
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
    for block in document.blocks:
        if isinstance(block, Heading):
            face = HEITI if block.level == 1 else KAITI
            _paragraph(doc, block.text, face, SIZE_3, indent=INDENT)
        elif isinstance(block, Paragraph):
            _paragraph(doc, block.text, FANGSONG, SIZE_3, indent=INDENT)
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
