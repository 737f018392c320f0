"""Column widths of a document table, computed from its content, within the 156 mm type area.

Issue 14 point 5: a bulletin table must fit the GB/T 9704 type area (156 mm) and never break a
number across lines. Pure: strings in, widths and the type size out; ``officialdoc`` writes them
as fixed widths (``w:tblW``, ``w:gridCol``, ``w:tcW`` with ``w:tblLayout`` fixed), so Word, WPS
and LibreOffice all lay the table out the same way instead of auto-fitting it.

Text is measured in em of the type size: a CJK (wide) character is one em; Latin characters are
measured as the widest face the document may fall back to (DejaVu Serif where Times New Roman is
missing), so a number that fits here fits in every renderer. Numbers and body text are
unbreakable (a number wraps never; a name wraps only when the table cannot otherwise fit); a
header breaks before its unit (「各项贷款」/「（万元）」, ``header_lines``) and its name may wrap
once more (CJK breaks between any two characters).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

PT_MM = 25.4 / 72
TYPE_WIDTH_MM = 156.0
PADDING_MM = 1.0
"""Left and right cell margin (``w:tblCellMar``), each side."""
SLACK_MM = 2.0
"""Kept free in every column for the cell border and rounding to twips."""
SIZE_PT = 12.0
"""小四, the size of every table's text (issue 14 point 5: 四号 or 小四)."""
HEADER_LINES = 2
"""Lines the name of a header may wrap to (its unit is on a line of its own)."""
TEXT_LINES = 2

NARROW = {",": 0.32, ".": 0.32, ":": 0.36, ";": 0.36, " ": 0.32, "-": 0.34, "%": 0.95}
"""Latin characters narrower or wider than a digit (DejaVu Serif advance widths, in em)."""
DIGIT_EM = 0.64
UPPER_EM = 0.75


def header_lines(header: str) -> list[str]:
    """A header set as its name and, on the next line, its unit: 「同比（%）」 →
    「同比」「（%）」, 「县（市、区）」 → 「县」「（市、区）」."""
    cut = header.rfind("（")
    if header.endswith("）") and cut >= 1:
        return [header[:cut], header[cut:]]
    return [header]


def balanced_lines(header: str, width_mm: float, size_pt: float = SIZE_PT) -> list[str]:
    """``header`` broken into lines for a column ``width_mm`` wide: its unit on a line of its
    own (never broken), its name split into lines of equal length when it is wider than the column
    (「普惠」/「户数」/「（户）」, never 「普惠户」/「数」)."""
    room = (width_mm - 2 * PADDING_MM - SLACK_MM) / (size_pt * PT_MM)
    name, *unit = header_lines(header)
    parts = max(1, math.ceil(text_em(name) / room - 1e-9)) if room > 0 else 1
    size = math.ceil(len(name) / parts)
    return [name[i : i + size] for i in range(0, len(name), size)] + unit


def char_em(char: str) -> float:
    """The advance width of ``char`` in em: 1 for a wide (CJK or full-width) character."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char in NARROW:
        return NARROW[char]
    return UPPER_EM if char.isupper() else DIGIT_EM


def text_em(text: str) -> float:
    """The width of ``text`` set on one line, in em."""
    return sum(char_em(c) for c in text)


def wrapped_em(text: str, lines: int) -> float:
    """The narrowest width (em) that sets ``text`` in at most ``lines`` lines, breaking between
    any two characters (as CJK text breaks): at least one character wide."""
    if not text:
        return 0.0
    widest = max(char_em(c) for c in text)
    return max(widest, math.ceil(text_em(text) / lines * 2) / 2)


@dataclass(frozen=True)
class TableLayout:
    widths_mm: tuple[float, ...]
    size_pt: float

    @property
    def width_mm(self) -> float:
        return sum(self.widths_mm)


def _column_needs(
    header: str, cells: Sequence[str], numeric: bool, em_mm: float, wrap_text: bool
) -> tuple[float, float]:
    """(the least width, the width that sets everything on one line) of one column, in mm."""
    frame = 2 * PADDING_MM + SLACK_MM
    body = [text_em(c) for c in cells]
    least_body = max(body, default=0.0)
    if wrap_text and not numeric:
        least_body = max((wrapped_em(c, TEXT_LINES) for c in cells), default=0.0)
    name, *unit = header_lines(header)
    header_least = max([wrapped_em(name, HEADER_LINES), *(text_em(u) for u in unit)])
    lines = [name, *unit]
    least = max(least_body, header_least) * em_mm + frame
    full = max([*body, *(text_em(line) for line in lines)]) * em_mm + frame
    return least, full


def layout(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    *,
    width_mm: float = TYPE_WIDTH_MM,
) -> TableLayout:
    """Widths filling ``width_mm`` in 小四 at which every number and, if possible, every name
    stays on one line (else names wrap once): each column gets its least width, and the space
    left goes to the columns whose header or text would otherwise wrap, then evenly to all."""
    columns = [[row[i] for row in rows] for i in range(len(header))]
    em_mm = SIZE_PT * PT_MM
    for wrap_text in (False, True):
        needs = [
            _column_needs(h, c, n, em_mm, wrap_text)
            for h, c, n in zip(header, columns, numeric, strict=True)
        ]
        least = sum(n[0] for n in needs)
        if least <= width_mm:
            return TableLayout(_fill(needs, width_mm), SIZE_PT)
    # Too wide even with wrapped names: shrink proportionally (a table this wide is a bug of its
    # composer, which chooses units so that its figures fit; the rendering test catches it).
    scale = width_mm / least
    return TableLayout(tuple(n[0] * scale for n in needs), SIZE_PT)


def _fill(needs: Sequence[tuple[float, float]], width_mm: float) -> tuple[float, ...]:
    least = [n[0] for n in needs]
    wanted = [max(0.0, full - low) for low, full in needs]
    room = width_mm - sum(least)
    total_wanted = sum(wanted)
    if total_wanted >= room:
        share = room / total_wanted if total_wanted else 0.0
        return tuple(low + w * share for low, w in zip(least, wanted, strict=True))
    full = [low + w for low, w in zip(least, wanted, strict=True)]
    spare = (width_mm - sum(full)) / len(full)
    return tuple(f + spare for f in full)
