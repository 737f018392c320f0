"""Immutable content of an official document (公文) and of its parts, ready to be rendered.

CONVENTIONS rule 10: services assemble these values; ``officialdoc.render`` turns them into
bytes with no database access; tests reopen the bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Heading:
    """``level`` 1: "一、" in 黑体; 2: "（一）" in 楷体 (GB/T 9704 common practice)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Figure:
    caption: str
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
