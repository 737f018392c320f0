"""The tools' window on the loan ledgers: the ledger scan, read for the few things tools need.

Every yuan of central-bank money and of subsidy rests on a loan of a current ledger snapshot
(issue 6); this module is the only place in ``tools`` that reads ``beizeng.ledger.scan``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import ibis
from sqlalchemy.orm import Session

from beizeng.kit.money import to_fen
from beizeng.kit.periods import Period
from beizeng.ledger.scan import LedgerScan

LOAN_COLUMNS = (
    "loan_id",
    "borrower_id",
    "borrower_name",
    "borrower_type",
    "enterprise_size",
    "industry_section",
    "credit_line",
    "balance",
    "start_date",
    "maturity_date",
    "interest_rate",
    "green",
    "first_loan",
    "inclusive_smb",
    "term_months",
)


def inclusive_balances(
    session: Session,
    *,
    periods: Sequence[Period],
    threshold: Decimal,
    institutions: Sequence[str] | None = None,
) -> dict[tuple[str, str], Decimal]:
    """Inclusive small-micro balance per (institution code, period) of every current snapshot.

    A snapshot without inclusive loans appears with zero, so "no ledger" and "no inclusive
    loans" stay distinguishable.
    """
    scan = LedgerScan(session, inclusive_threshold=threshold)
    try:
        t = scan.loans(periods=periods, institutions=institutions)
        inclusive = ibis.ifelse(t.inclusive_smb, t.balance, ibis.literal(0).cast(t.balance.type()))
        agg = t.group_by(["institution_code", "period"]).aggregate(balance=inclusive.sum())
        rows = agg.to_pyarrow().to_pylist()
    finally:
        scan.close()
    return {(r["institution_code"], r["period"]): to_fen(Decimal(r["balance"] or 0)) for r in rows}


def loans_by_id(
    session: Session,
    *,
    institution_code: str,
    period: Period,
    loan_ids: Sequence[str],
    threshold: Decimal = Decimal("10000000"),
) -> dict[str, dict[str, Any]]:
    """The named loans of one bank's current snapshot at ``period``, keyed by loan id."""
    if not loan_ids:
        return {}
    scan = LedgerScan(session, inclusive_threshold=threshold)
    try:
        t = scan.loans(periods=[period], institutions=[institution_code])
        t = t.filter(t.loan_id.isin(list(dict.fromkeys(loan_ids))))
        rows = t.select(*LOAN_COLUMNS).to_pyarrow().to_pylist()
    finally:
        scan.close()
    return {r["loan_id"]: r for r in rows}


def loans_present(
    session: Session, *, institution_code: str, period: Period, loan_ids: Sequence[str]
) -> set[str]:
    """Which of the loan ids are in the bank's current snapshot at ``period``."""
    return set(
        loans_by_id(session, institution_code=institution_code, period=period, loan_ids=loan_ids)
    )


def has_snapshot(session: Session, *, institution_code: str, period: Period) -> bool:
    scan = LedgerScan(session)
    try:
        return period in scan.periods() and bool(
            scan.loans(periods=[period], institutions=[institution_code]).count().execute()
        )
    finally:
        scan.close()


def latest_period(session: Session, *, institution_code: str) -> Period | None:
    """The last month end of which the bank has a current ledger snapshot (its current ledger),
    or None when it has none."""
    scan = LedgerScan(session)
    try:
        t = scan.loans(institutions=[institution_code])
        latest = t.period.max().execute()
    finally:
        scan.close()
    # no rows: an empty aggregate (NULL, read back as NaN or None)
    return Period.parse(latest) if isinstance(latest, str) and latest else None


def loan_rows(
    session: Session, *, institution_code: str, period: Period, limit: int = 5000
) -> list[dict[str, Any]]:
    """Up to ``limit`` loans of one bank's current snapshot, in loan-id order (for the demo)."""
    scan = LedgerScan(session)
    try:
        t = scan.loans(periods=[period], institutions=[institution_code])
        return t.select(*LOAN_COLUMNS).order_by("loan_id").limit(limit).to_pyarrow().to_pylist()
    finally:
        scan.close()
