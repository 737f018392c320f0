"""Hand-built ledgers for tests: valid rows with overrides, written as CSV or XLSX."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
from openpyxl import Workbook
from sqlalchemy.orm import Session

from beizeng.config import get_settings
from beizeng.kit.periods import Period
from beizeng.ledger import rules
from beizeng.ledger.schemas import ImportReport
from beizeng.ledger.service import import_ledger
from beizeng.reference.identifiers import resident_id_check_char, uscc_check_char

IMPORTED_AT = datetime(2022, 7, 5, 2, 0, tzinfo=UTC)
"""When the tests' ledgers are accepted (10:00 in Lüliang, after the June month end)."""

INSTITUTION = "ICBCLL"

ARROW_TYPES: dict[rules.Kind, pa.DataType] = {
    rules.Kind.ID: pa.string(),
    rules.Kind.TEXT: pa.string(),
    rules.Kind.ENUM: pa.string(),
    rules.Kind.CODE: pa.string(),
    rules.Kind.MONEY: pa.decimal128(18, 2),
    rules.Kind.DATE: pa.date32(),
    rules.Kind.RATE: pa.float64(),
    rules.Kind.BOOL: pa.bool_(),
}
"""The Arrow type of each kind of contract column, as stored (``rules.DUCK_TYPES``)."""
CLASSIFY_COLUMNS = (
    "borrower_type",
    "enterprise_size",
    "ownership",
    "industry_code",
    "purpose",
    "credit_line",
    "start_date",
    "maturity_date",
)
"""The contract columns ``ledger.classify`` reads."""


def uscc(serial: int, kind: str = "91") -> str:
    """A valid USCC registered in Lishi (141102)."""
    body = f"{kind}141102{serial:09d}"
    return body + uscc_check_char(body)


def resident_id(serial: int, born: str = "19800101") -> str:
    """A valid resident ID of a Lishi resident."""
    body = f"141102{born}{serial % 1000:03d}"
    return body + resident_id_check_char(body)


def row(n: int = 1, **overrides: Any) -> dict[str, str]:
    """A valid small-enterprise business loan, with any column overridden."""
    base = {
        "loan_id": f"JJ{n:08d}",
        "borrower_id": uscc(n),
        "borrower_name": f"吕梁测试企业{n}",
        "borrower_type": "enterprise",
        "enterprise_size": "small",
        "ownership": "private",
        "industry_code": "C3011",
        "county_code": "141102",
        "purpose": "business",
        "credit_line": "5000000.00",
        "balance": "3000000.00",
        "start_date": "2022-01-10",
        "maturity_date": "2023-01-09",
        "guarantee_type": "credit",
        "interest_rate": "0.0435",
        "green": "否",
        "clean_energy": "否",
        "first_loan": "否",
        "renewal": "否",
        "risk_class": "normal",
    }
    base.update({k: str(v) for k, v in overrides.items()})
    return base


def arrow_schema(*columns: str, **extra: pa.DataType) -> pa.Schema:
    """The Arrow schema of the contract's ``columns`` (typed by their kind), then ``extra``."""
    fields = [(name, ARROW_TYPES[rules.BY_NAME[name].kind]) for name in columns]
    return pa.schema([*fields, *extra.items()])


def write_csv(
    path: Path,
    rows: Sequence[dict[str, str]],
    *,
    headers: Sequence[str] | None = None,
    encoding: str = "utf-8",
) -> Path:
    """Rows under English headers (or ``headers`` in the same order)."""
    names = list(rules.COLUMN_NAMES)
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers or names)
        for r in rows:
            writer.writerow([r.get(n, "") for n in names])
    return path


def write_xlsx(
    path: Path, rows: Sequence[dict[str, Any]], *, sheet: str = "贷款台账", chinese: bool = True
) -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    ws.append([c.chinese if chinese else c.name for c in rules.COLUMNS])
    for r in rows:
        ws.append([r.get(n) for n in rules.COLUMN_NAMES])
    book.save(path)
    return path


def import_file(
    session: Session, path: Path, *, code: str = "ICBCLL", period: Period | str
) -> ImportReport:
    """Import ``path`` through the real ledger import (the CLI's settings) at ``IMPORTED_AT``."""
    return import_ledger(
        session,
        path=path,
        institution_code=code,
        period=period if isinstance(period, Period) else Period.parse(period),
        settings=get_settings(),
        now=IMPORTED_AT,
    )
