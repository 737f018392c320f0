"""Immutable content of an official document (公文) and of its parts, ready to be rendered.

CONVENTIONS rule 10: services assemble these values; ``officialdoc.render`` turns them into
bytes with no database access; tests reopen the bytes.

Headings, tables and figures are composed without their numbers: ``numbered`` generates them
when the document is rendered (一、 （一） 1. （1）, 表1, 图1), consecutive at every level, so
a section or a target left out (no city-level subject, no platform targets) never leaves a gap
(issue 14 point 5: the headings jumped from （十五） to （十八））.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from beizeng.kit.numbers import Shown

DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Heading:
    """``level`` 1: "一、" in 黑体; 2: "（一）" in 楷体; 3: "1." and 4: "（1）" in 仿宋 (GB/T
    9704-2012 7.3.3). ``text`` is without the number, which ``numbered`` adds, unless
    ``numbered`` is false (a heading that is not part of the sequence)."""

    text: str
    level: int = 1
    numbered: bool = True


@dataclass(frozen=True)
class Paragraph:
    text: str


Cell = str | Shown
"""A table cell: text, or a number (``kit.numbers.Shown``: its unit stands in the header, the
number is right-aligned and never broken)."""


@dataclass(frozen=True)
class Table:
    title: str
    """Without "表N", which ``numbered`` adds."""
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Figure:
    caption: str
    """Without "图N", which ``numbered`` adds."""
    png: bytes
    width_mm: float = 150.0


Block = Heading | Paragraph | Table | Figure


@dataclass(frozen=True)
class OfficialDocument:
    """A document in the GB/T 9704 layout: mark, number, title, recipients, body, signature."""

    mark: str
    """发文机关标志, e.g. 中国人民银行吕梁市中心支行文件 (printed in red)."""
    number: str
    """发文字号, e.g. 银吕发〔2022〕12号."""
    title: str
    recipients: str
    blocks: tuple[Block, ...]
    signature: str
    signed_on: date
    copy_to: str = ""


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 20 → 二十, 99 → 九十九 (the numbers of headings)."""
    if not 1 <= n <= 99:
        raise ValueError(f"heading number {n} out of range 1–99")
    tens, units = divmod(n, 10)
    text = "" if tens == 0 else ("十" if tens == 1 else f"{DIGITS[tens]}十")
    return text + (DIGITS[units] if units else "")


def heading_number(level: int, n: int) -> str:
    """The prefix of the ``n``-th heading of ``level``: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def numbered(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """``blocks`` with every heading, table and figure numbered in order: a heading's number
    counts its level since the last heading above it; tables and figures count through the
    document."""
    counters: list[int] = [0, 0, 0, 0]
    tables = figures = 0
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading) and block.numbered:
            depth = min(max(block.level, 1), len(counters)) - 1
            counters[depth] += 1
            counters[depth + 1 :] = [0] * (len(counters) - depth - 1)
            prefix = heading_number(depth + 1, counters[depth])
            out.append(replace(block, text=prefix + block.text))
        elif isinstance(block, Table):
            tables += 1
            out.append(replace(block, title=f"表{tables}  {block.title}"))
        elif isinstance(block, Figure):
            figures += 1
            out.append(replace(block, caption=f"图{figures}  {block.caption}"))
        else:
            out.append(block)
    return tuple(out)
