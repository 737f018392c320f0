"""``LedgerScan``: current snapshots with institution, period and derived columns (scan API)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.config import get_settings
from beizeng.kit.periods import Period
from beizeng.ledger import rules, storage
from beizeng.ledger.scan import LedgerScan
from beizeng.models.institution import Institution
from beizeng.stats.service import import_stats
from tests.ledger.builders import import_file, row, write_csv
from tests.ledger.conftest import add_institution

MAY, JUNE = Period(2022, 5), Period(2022, 6)


def _import(
    session: Session, tmp_path: Path, code: str, period: Period, *rows: dict[str, str]
) -> None:
    path = write_csv(tmp_path / f"{code}-{period}.csv", list(rows))
    import_file(session, path, code=code, period=period)


def test_loans_have_the_contract_and_derived_columns_with_their_types(
    session: Session, bank: Institution, tmp_path: Path
) -> None:
    _import(session, tmp_path, "ICBCLL", JUNE, row(1, borrower_type="企业", green="是"))
    loans = LedgerScan(session).loans()
    expected = ["institution_code", "legal_scope", "institution_category", "period", "period_end"]
    expected += list(rules.COLUMN_NAMES)
    derived = [
        "industry_section",
        "term_months",
        "mid_long_term",
        "inclusive_smb",
        "inclusive_smb_cbirc",
    ]
    derived += ["private_enterprise", "services", "manufacturing_mlt"]
    assert list(loans.columns) == expected + derived
    schema = loans.schema()
    assert str(schema["balance"]) == "decimal(18, 2)" and str(schema["interest_rate"]) == "float64"
    assert str(schema["green"]) == "boolean" and str(schema["start_date"]) == "date"
    [record] = loans.to_pyarrow().to_pylist()
    assert record["institution_code"] == "ICBCLL" and record["legal_scope"] == "national"
    assert record["institution_category"] == "large_state_bank"
    assert record["period"] == "2022-06" and record["period_end"] == date(2022, 6, 30)
    assert record["borrower_type"] == "enterprise" and record["green"] is True
    assert record["balance"] == Decimal("3000000.00") and record["industry_code"] == "C3011"
    assert record["inclusive_smb"] is True and record["term_months"] == 11


def test_filters_select_periods_and_institutions_and_superseded_rows_are_not_read(
    session: Session, bank: Institution, tmp_path: Path
) -> None:
    add_institution(
        session, code="LLRCB", name="吕梁农商银行", category="rural_bank", legal_scope="local"
    )
    _import(session, tmp_path, "ICBCLL", MAY, row(1))
    _import(session, tmp_path, "ICBCLL", JUNE, row(1), row(2))
    _import(session, tmp_path, "ICBCLL", JUNE, row(1), row(2), row(3))  # supersedes
    _import(session, tmp_path, "LLRCB", JUNE, row(9, industry_code="3011"))
    scan = LedgerScan(session)
    assert scan.loans().count().execute() == 1 + 3 + 1
    assert scan.loans(periods=[JUNE]).count().execute() == 4
    june_local = scan.loans(periods=[JUNE], institutions=["LLRCB"]).to_pyarrow().to_pylist()
    assert [(r["legal_scope"], r["industry_code"]) for r in june_local] == [("local", "C3011")]
    assert scan.periods() == [MAY, JUNE]
    assert scan.loans(periods=[Period(2021, 1)]).count().execute() == 0


def test_a_file_without_a_record_is_never_read(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    _import(session, tmp_path, "ICBCLL", JUNE, row(1))
    [stored] = list((ledger_home / storage.LEDGER_DIR).rglob("*.parquet"))
    (stored.parent / "left-by-an-interrupted-import.parquet").write_bytes(stored.read_bytes())
    assert LedgerScan(session).loans().count().execute() == 1


def test_stats_return_current_values(session: Session, bank: Institution, tmp_path: Path) -> None:
    path = tmp_path / "stats.csv"
    path.write_text(
        "period,institution_code,metric,value\n2022-06,ICBCLL,deposits,123.4567\n2022-05,ICBCLL,deposits,100\n",
        encoding="utf-8",
    )
    import_stats(session, path=path, settings=get_settings())
    path.write_text(
        "period,institution_code,metric,value\n2022-06,ICBCLL,deposits,200\n", encoding="utf-8"
    )
    import_stats(session, path=path, settings=get_settings())
    stats = LedgerScan(session).stats(periods=[JUNE]).to_pyarrow().to_pylist()
    assert stats == [
        {
            "period": "2022-06",
            "institution_code": "ICBCLL",
            "metric": "deposits",
            "value": Decimal("200.0000"),
        }
    ]
