"""The support tool's formula (C-3.2.1).

From 2022 the PBoC pays each local legal-person bank a share of the quarter's increase of its
inclusive small-micro (普惠小微) loan balance: 1% for 2022 Q1, 2% from 2022 Q2 to 2023 Q2
(reference/facts.md; the rates are parameters). Whether a fall counts as zero is a parameter
(default: it does). Each line is rounded once, to the fen half-up (``kit.money.to_fen``), and the
total is the exact sum of the rounded lines, so a statement always adds up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from beizeng.kit.money import to_fen, yuan_str
from beizeng.kit.periods import Quarter

TOOL = "support_tool"


def quarter_start(quarter: Quarter) -> date:
    """The first day of the quarter: the date whose rate in force applies to the quarter."""
    return date(quarter.year, quarter.number * 3 - 2, 1)


@dataclass(frozen=True)
class SupportLine:
    institution: str
    opening: Decimal
    closing: Decimal
    increase: Decimal
    amount: Decimal


@dataclass(frozen=True)
class SupportStatement:
    quarter: str
    rate: Decimal
    negative_as_zero: bool
    lines: tuple[SupportLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def support_line(
    institution: str, opening: Decimal, closing: Decimal, *, rate: Decimal, negative_as_zero: bool
) -> SupportLine:
    """One bank's line: increase = closing − opening; amount = max(increase, 0) × rate."""
    opening, closing = to_fen(opening), to_fen(closing)
    increase = closing - opening
    base = max(increase, Decimal(0)) if negative_as_zero else increase
    return SupportLine(institution, opening, closing, increase, to_fen(base * rate))


def build_statement(
    quarter: Quarter,
    balances: Mapping[str, tuple[Decimal, Decimal]],
    *,
    rate: Decimal,
    negative_as_zero: bool,
) -> SupportStatement:
    """A statement with one line per bank (sorted by code) from (opening, closing) balances."""
    lines = tuple(
        support_line(code, opening, closing, rate=rate, negative_as_zero=negative_as_zero)
        for code, (opening, closing) in sorted(balances.items())
    )
    return SupportStatement(str(quarter), rate, negative_as_zero, lines)


def rate_str(rate: Decimal) -> str:
    """A fraction as a plain string without trailing zeros: Decimal("0.020000") → "0.02"."""
    return format(rate.normalize(), "f")


def statement_json(statement: SupportStatement) -> dict[str, Any]:
    """The documented JSON contract (docs/tools.md): money strings in yuan, rate a fraction."""
    return {
        "quarter": statement.quarter,
        "rate": rate_str(statement.rate),
        "lines": [
            {
                "institution": line.institution,
                "opening": yuan_str(line.opening),
                "closing": yuan_str(line.closing),
                "increase": yuan_str(line.increase),
                "amount": yuan_str(line.amount),
            }
            for line in statement.lines
        ],
        "total": yuan_str(statement.total),
    }
