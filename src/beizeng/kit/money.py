"""Exact money: yuan as ``Decimal`` rounded to the fen, half-up, in one place.

DESIGN: money is DECIMAL(18,2) yuan in storage and sums. Every rounding of money in beizeng goes
through ``to_fen`` so that statements add up exactly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def to_fen(value: Decimal | int | str) -> Decimal:
    """Round yuan to the fen, half-up (0.005 → 0.01)."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def yuan_str(value: Decimal | int | str) -> str:
    """Yuan as a string with exactly two decimals, as the JSON contracts want ("1234.50")."""
    return format(to_fen(value), "f")


def yuan_display(value: Decimal | int | str) -> str:
    """Yuan for people: thousands separators and two decimals ("1,234.50")."""
    return f"{to_fen(value):,.2f}"


def wan_display(value: Decimal | int | str) -> str:
    """Yuan shown in 万元 with two decimals, as bulletins report balances."""
    return f"{to_fen(Decimal(value) / Decimal(10000)):,.2f}"
