"""Pure rules of matching events (C-3.3.2 百县万企, C-3.3.3 key projects, C-3.3.4 tech firms,
C-3.3.1 首贷 service stations): the kinds and how an agreement is judged disbursed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

KINDS: dict[str, str] = {
    "sme_meeting": "百县万企中小微企业融资对接会",
    "key_project": "重点转型项目银企对接会",
    "tech_session": "科技型企业融资对接专场",
    "first_loan_station": "首贷服务站对接日",
}


@dataclass(frozen=True)
class LedgerLoan:
    """A loan of the agreement's bank to the agreement's enterprise, from a current ledger."""

    loan_id: str
    period: str
    start_date: date
    credit_line: Decimal


@dataclass(frozen=True)
class Disbursement:
    amount: Decimal
    on: date
    period: str


def disbursement(signed_on: date, loans: Sequence[LedgerLoan]) -> Disbursement | None:
    """The loans started on or after the signing date make the disbursement: the sum of their
    credit lines (each loan once, at its first appearance), the earliest start and its period."""
    later = [loan for loan in loans if loan.start_date >= signed_on]
    if not later:
        return None
    first: dict[str, LedgerLoan] = {}
    for loan in sorted(later, key=lambda x: (x.period, x.loan_id)):
        first.setdefault(loan.loan_id, loan)
    earliest = min(first.values(), key=lambda x: (x.start_date, x.period))
    return Disbursement(
        sum((x.credit_line for x in first.values()), Decimal(0)),
        earliest.start_date,
        earliest.period,
    )


@dataclass(frozen=True)
class EventReport:
    """Signed vs disbursed for one event, in total and per bank."""

    signed_count: int
    signed_amount: Decimal
    disbursed_count: int
    disbursed_amount: Decimal
    per_bank: dict[str, tuple[int, Decimal, int, Decimal]]

    @property
    def ratio(self) -> float | None:
        return float(self.disbursed_amount / self.signed_amount) if self.signed_amount else None


def report(rows: Sequence[tuple[str, Decimal, Decimal | None]]) -> EventReport:
    """Fold (bank, signed amount, disbursed amount or None) into an event report."""
    per: dict[str, tuple[int, Decimal, int, Decimal]] = {}
    for bank, signed, disbursed in rows:
        n, s, m, d = per.get(bank, (0, Decimal(0), 0, Decimal(0)))
        per[bank] = (n + 1, s + signed, m + (disbursed is not None), d + (disbursed or Decimal(0)))
    return EventReport(
        sum(v[0] for v in per.values()),
        sum((v[1] for v in per.values()), Decimal(0)),
        sum(v[2] for v in per.values()),
        sum((v[3] for v in per.values()), Decimal(0)),
        dict(sorted(per.items())),
    )
