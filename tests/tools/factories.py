"""Hand-built ledgers imported through the real import (``ledger.service.import_ledger``)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.kit.periods import Period
from beizeng.ledger.rules import COLUMN_NAMES
from beizeng.reference.identifiers import uscc_check_char
from tests.ledger.builders import import_file

HEADERS = list(COLUMN_NAMES)

MAKER = Principal(1, "maker", "录入人", "pboc", second_factor=True)
"""Who enters batches, bills and claims in the service tests (with a second factor, so that
the same person trying to decide is refused by maker-checker, not by the policy)."""
CHECKER = Principal(2, "checker", "审批人", "pboc", second_factor=True)
"""The second person, signed in with a code."""


def uscc(n: int, kind: str = "91") -> str:
    """A valid USCC for test borrower ``n`` registered in 离石区."""
    body = f"{kind}141102MA{n:07d}"
    return body + uscc_check_char(body)


def loan(loan_id: str, balance: str, **overrides: Any) -> dict[str, str]:
    """A small private enterprise's business loan (inclusive under the PBoC caliber)."""
    n = int("".join(ch for ch in loan_id if ch.isdigit()) or "1")
    row = {
        "loan_id": loan_id,
        "borrower_id": uscc(n),
        "borrower_name": f"吕梁测试企业{n}有限公司",
        "borrower_type": "enterprise",
        "enterprise_size": "small",
        "ownership": "private",
        "industry_code": "C3011",
        "county_code": "141102",
        "purpose": "business",
        "credit_line": "5000000",
        "balance": balance,
        "start_date": "2021-06-15",
        "maturity_date": "2023-06-14",
        "guarantee_type": "credit",
        "interest_rate": "0.0450",
        "green": "否",
        "clean_energy": "否",
        "first_loan": "否",
        "renewal": "否",
        "risk_class": "normal",
    }
    row.update({k: str(v) for k, v in overrides.items()})
    return row


def import_rows(
    session: Session, home: Path, code: str, period: str, rows: Sequence[dict[str, str]]
) -> Decimal:
    """Write ``rows`` as a CSV ledger and import it; returns the stored total balance."""
    path = home / f"{code}-{period}-{len(rows)}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADERS)
        writer.writeheader()
        writer.writerows(rows)
    report = import_file(session, path, code=code, period=Period.parse(period))
    return report.total_balance
