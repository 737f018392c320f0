"""Rediscount of commercial bills (C-3.2.3): discount interest and the priority queue.

Discount interest = face amount × rediscount rate × days to maturity / day basis (360), to the
fen; the rate (2.00% through 2022), the basis, the longest remaining term and the quota are
parameters. Under 绿票通, green bills are served first; then earlier applications, then
earlier maturities. A bill is served only if it fits in what is left of the bank's quota; the
rest wait in the queue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from beizeng.errors import Problem
from beizeng.kit.money import to_fen


@dataclass(frozen=True)
class Bill:
    key: int
    bill_no: str
    amount: Decimal
    maturity_date: date
    green: bool
    applied_on: date


def discount_interest(amount: Decimal, rate: Decimal, days: int, *, day_basis: int) -> Decimal:
    return to_fen(amount * rate * Decimal(days) / Decimal(day_basis))


def priority(bills: Sequence[Bill], *, green_first: bool) -> list[Bill]:
    """The order in which the queue is served."""
    return sorted(
        bills,
        key=lambda b: (not b.green if green_first else False, b.applied_on, b.maturity_date, b.key),
    )


def serve(bills: Sequence[Bill], *, room: Decimal, green_first: bool) -> list[Bill]:
    """The bills served, in priority order, each only if it still fits in ``room``."""
    served: list[Bill] = []
    for bill in priority(bills, green_first=green_first):
        if bill.amount <= room:
            served.append(bill)
            room -= bill.amount
    return served


def bill_problems(
    file: str,
    row: int,
    bill_no: str,
    amount: Decimal,
    maturity: date,
    applied_on: date,
    *,
    max_days: int,
    known: set[str],
) -> list[Problem]:
    out = []
    if bill_no in known:
        out.append(Problem(file, row, "bill_no", bill_no, "票据号码已申请过再贴现或在本文件中重复"))
    if amount <= 0:
        out.append(Problem(file, row, "amount", str(amount), "票面金额须大于零"))
    days = (maturity - applied_on).days
    if days <= 0 or days > max_days:
        out.append(
            Problem(
                file,
                row,
                "maturity_date",
                maturity.isoformat(),
                f"剩余期限须在 1 至 {max_days} 天之间（申请日 {applied_on}）",
            )
        )
    return out
