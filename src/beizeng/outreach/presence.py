"""Where each bank lends: the counties of its loans in the latest accepted ledgers.

Assignment gives a listed entity to a bank already lending in its county (C-3.3.1: 就近对接), so
presence is read from the ledgers themselves, never from a declared branch list that can be stale.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from beizeng.institution.service import bank_codes
from beizeng.ledger.scan import LedgerScan


@dataclass(frozen=True)
class Presence:
    """Banks with loans booked in each county in the latest accepted ledgers."""

    period: str | None
    by_county: dict[str, set[str]]


def bank_presence(session: Session) -> Presence:
    """County → codes of registered banks with at least one loan there (latest period)."""
    scan = LedgerScan(session)
    try:
        periods = scan.periods()
        if not periods:
            return Presence(None, {})
        latest = max(periods)
        loans = scan.loans(periods=[latest])
        pairs = loans.select("institution_code", "county_code").distinct().to_pyarrow()
    finally:
        scan.close()
    banks = bank_codes(session)
    out: dict[str, set[str]] = {}
    for code, county in zip(
        pairs["institution_code"].to_pylist(), pairs["county_code"].to_pylist(), strict=True
    ):
        if code in banks:
            out.setdefault(county, set()).add(code)
    return Presence(str(latest), out)
