"""Hand-built Lüliang ledgers for monitoring tests, imported through the real ledger import.

Two banks: ``BANKA`` (a national bank's branch in 离石区) and ``BANKB`` (a local legal-person bank
in 文水县). Every number a test expects is worked out in the test from these rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.institution.repository import InstitutionRepository
from beizeng.kit.periods import Period
from beizeng.ledger.service import import_ledger
from beizeng.ledger.stats import import_stats
from beizeng.models.institution import Institution
from tests.ledger.builders import resident_id, row, uscc, write_csv

__all__ = ["add_banks", "import_rows", "import_statistics", "resident_id", "row", "uscc"]


def add_banks(session: Session) -> None:
    repo = InstitutionRepository(session)
    repo.add(
        Institution(
            code="BANKA",
            name="甲银行吕梁分行",
            category="large_state_bank",
            legal_scope="national",
            county_code="141102",
            superior="甲银行山西省分行",
        )
    )
    repo.add(
        Institution(
            code="BANKB",
            name="乙农商银行",
            category="rural_bank",
            legal_scope="local",
            county_code="141121",
            superior="山西省农村信用社联合社",
        )
    )
    session.flush()


def import_rows(
    session: Session, folder: Path, code: str, period: str, rows: Sequence[dict[str, str]]
) -> None:
    """Write ``rows`` as a contract CSV and import it as ``code``'s snapshot at ``period``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = write_csv(folder / f"{code}-{period}.csv", rows)
    import_ledger(session, path=path, institution_code=code, period=Period.parse(period))


def import_statistics(
    session: Session, folder: Path, rows: Sequence[tuple[str, str, str, str]]
) -> None:
    """Import institution statistics given as (period, institution_code, metric, value)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "stats.csv"
    lines = ["period,institution_code,metric,value", *(",".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_stats(session, path=path)
