"""The generated files follow the contracts of DESIGN.md (loan ledger, registry, statistics)."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb

from beizeng.demo.rules import ENTITY_COLUMNS, LEDGER_COLUMNS, PERIODS
from beizeng.demo.service import Manifest
from beizeng.institution.service import packaged_registry
from beizeng.reference.identifiers import (
    resident_id_check_char,
    uscc_check_char,
    validate_resident_id,
    validate_uscc,
)
from beizeng.reference.industries import normalise_industry
from beizeng.reference.regions import is_luliang_county
from beizeng.reference.sizing import classify_enterprise

Demo = tuple[Path, Manifest]
ENUMS = {
    "borrower_type": {"enterprise", "individual_business", "micro_owner", "farmer", "personal"},
    "purpose": {"business", "consumption"},
    "guarantee_type": {"credit", "guarantee", "mortgage", "pledge"},
    "risk_class": {"normal", "special", "substandard", "doubtful", "loss"},
    "green": {"true", "false"},
    "clean_energy": {"true", "false"},
    "first_loan": {"true", "false"},
    "renewal": {"true", "false"},
}
MONEY = re.compile(r"^\d+\.\d{2}$")


def _column(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    return [row[0] for row in con.execute(sql).fetchall()]


def _lenders() -> list[str]:
    with packaged_registry().open(encoding="utf-8") as fh:
        return [
            r["code"] for r in csv.DictReader(fh) if r["category"] not in {"insurer", "guarantor"}
        ]


def test_every_bank_has_a_ledger_with_exactly_the_contract_columns_at_every_month_end(
    tiny_demo: Demo,
) -> None:
    out, _ = tiny_demo
    assert sorted(p.name for p in (out / "ledgers").iterdir()) == [str(p) for p in PERIODS]
    for period in PERIODS:
        for code in _lenders():
            path = out / "ledgers" / str(period) / f"{code}.csv"
            header = path.read_text(encoding="utf-8").splitlines()[0]
            assert tuple(header.split(",")) == LEDGER_COLUMNS, path


def test_enum_columns_use_only_the_english_contract_words(
    ledgers: duckdb.DuckDBPyConnection,
) -> None:
    for column, words in ENUMS.items():
        assert set(_column(ledgers, f"SELECT DISTINCT {column} FROM loans")) == words, column
    sizes = set(_column(ledgers, "SELECT DISTINCT enterprise_size FROM loans"))
    assert sizes == {"large", "medium", "small", "micro", None}


def test_every_borrower_id_is_valid_by_the_reference_rules(
    ledgers: duckdb.DuckDBPyConnection,
) -> None:
    rows = ledgers.execute("SELECT DISTINCT borrower_id, borrower_type FROM loans").fetchall()
    assert len(rows) > 1000
    for borrower_id, kind in rows:
        if kind in {"enterprise", "individual_business"}:
            assert borrower_id[-1] == uscc_check_char(borrower_id[:17])
            assert validate_uscc(borrower_id) == borrower_id
            assert borrower_id[:2] == ("91" if kind == "enterprise" else "92")
            assert is_luliang_county(borrower_id[2:8])
        else:
            assert borrower_id[-1] == resident_id_check_char(borrower_id[:17])
            assert validate_resident_id(borrower_id, today=date(2022, 12, 31)) == borrower_id
    addresses = {b[:4] for b, k in rows if k in {"micro_owner", "farmer", "personal"}}
    assert addresses == {"1423", "1411"}  # historic 吕梁地区 codes and current ones


def test_loan_ids_are_unique_in_each_file(ledgers: duckdb.DuckDBPyConnection) -> None:
    duplicates = ledgers.execute(
        "SELECT filename, loan_id FROM loans GROUP BY ALL HAVING count(*) > 1"
    ).fetchall()
    assert duplicates == []


def test_amounts_dates_and_codes_are_well_formed(ledgers: duckdb.DuckDBPyConnection) -> None:
    for value in _column(ledgers, "SELECT DISTINCT balance FROM loans") + _column(
        ledgers, "SELECT DISTINCT credit_line FROM loans"
    ):
        assert MONEY.match(value), value
    assert ledgers.execute(
        "SELECT count(*) FROM typed WHERE maturity_date <= start_date"
    ).fetchone() == (0,)
    assert ledgers.execute("SELECT count(*) FROM typed WHERE balance <= 0").fetchone() == (0,)
    assert ledgers.execute(
        "SELECT count(*) FROM typed WHERE start_date > period_end"
    ).fetchone() == (0,)
    for county in _column(ledgers, "SELECT DISTINCT county_code FROM loans"):
        assert is_luliang_county(county), county
    for code in _column(ledgers, "SELECT DISTINCT industry_code FROM loans"):
        assert normalise_industry(code) == code
    rates = ledgers.execute(
        "SELECT min(interest_rate::DOUBLE), max(interest_rate::DOUBLE) FROM loans"
    ).fetchone()
    assert rates is not None and rates[0] >= 0.035 and rates[1] <= 0.08


def test_size_and_ownership_are_present_exactly_for_enterprises(
    ledgers: duckdb.DuckDBPyConnection,
) -> None:
    wrong = ledgers.execute(
        """
        SELECT count(*) FROM loans
        WHERE (borrower_type = 'enterprise') <> (enterprise_size IS NOT NULL)
           OR (borrower_type = 'enterprise') <> (ownership IS NOT NULL)
        """
    ).fetchone()
    assert wrong == (0,)


def test_the_plan_boundaries_occur_in_the_data(ledgers: duckdb.DuckDBPyConnection) -> None:
    """Lines of exactly 10,000,000 and terms of exactly one year exercise both calibers."""
    counts = ledgers.execute(
        """
        SELECT count(*) FILTER (WHERE credit_line = 10000000),
               count(*) FILTER (WHERE maturity_date = start_date + INTERVAL 1 YEAR),
               count(*) FILTER (WHERE balance > credit_line),
               count(*) FILTER (WHERE renewal), count(*) FILTER (WHERE green),
               count(*) FILTER (WHERE clean_energy AND NOT green),
               count(*)
        FROM typed
        """
    ).fetchone()
    assert counts is not None
    boundary, one_year, over_line, renewals, green, clean_not_green, total = counts
    assert boundary > 0 and one_year > 0 and renewals > 0 and green > 0
    assert clean_not_green == 0
    assert over_line < total * 0.01


def test_entities_list_every_borrower_and_those_that_never_borrowed(
    tiny_demo: Demo, ledgers: duckdb.DuckDBPyConnection
) -> None:
    out, manifest = tiny_demo
    path = out / "entities.csv"
    ledgers.execute(
        f"CREATE OR REPLACE TABLE entities AS SELECT * FROM read_csv('{path}', all_varchar = true)"
    )
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split(",")) == ENTITY_COLUMNS
    assert ledgers.execute("SELECT count(*) FROM entities").fetchone() == (manifest.entities,)
    missing = ledgers.execute(
        "SELECT count(DISTINCT borrower_id) FROM loans WHERE borrower_id NOT IN (SELECT id FROM entities)"
    ).fetchone()
    assert missing == (0,)
    never = ledgers.execute(
        """
        SELECT count(*) FROM entities
        WHERE kind IN ('enterprise', 'individual_business')
          AND id NOT IN (SELECT borrower_id FROM loans)
        """
    ).fetchone()
    assert never is not None and never[0] > 100
    late = ledgers.execute(
        """
        SELECT count(*) FROM entities e JOIN typed t ON t.borrower_id = e.id
        WHERE CAST(e.established AS DATE) >= t.start_date
        """
    ).fetchone()
    assert late == (0,)


def test_enterprise_figures_size_as_their_enterprise_size(tiny_demo: Demo) -> None:
    out, _ = tiny_demo
    with (out / "entities.csv").open(encoding="utf-8") as fh:
        enterprises = [r for r in csv.DictReader(fh) if r["kind"] == "enterprise"]
    assert {r["enterprise_size"] for r in enterprises} == {"large", "medium", "small", "micro"}
    for row in enterprises:
        result = classify_enterprise(
            row["industry_code"],
            employees=int(row["employees"]),
            revenue_wan=Decimal(row["revenue_wan"]),
            assets_wan=Decimal(row["assets_wan"]),
        )
        assert result.size == row["enterprise_size"], row


def test_institutions_file_is_the_packaged_registry(tiny_demo: Demo) -> None:
    out, _ = tiny_demo
    assert (out / "institutions.csv").read_bytes() == packaged_registry().read_bytes()


def test_statistics_cover_every_period_and_stay_in_their_ranges(
    tiny_demo: Demo, ledgers: duckdb.DuckDBPyConnection
) -> None:
    out, _ = tiny_demo
    ledgers.execute(
        f"CREATE OR REPLACE TABLE stats AS SELECT * FROM read_csv('{out / 'stats.csv'}', all_varchar = true)"
    )
    per_metric = dict(
        ledgers.execute(
            "SELECT metric, count(DISTINCT period || institution_code) FROM stats GROUP BY metric"
        ).fetchall()
    )
    banks, insurers = len(_lenders()), 4
    for metric in (
        "deposits",
        "relending_balance",
        "rediscount_balance",
        "inclusive_kpi_weight",
        "ftp_discount_bp",
    ):
        assert per_metric[metric] == banks * len(PERIODS), metric
    for metric in ("premium_income", "insured_amount"):
        assert per_metric[metric] == insurers * len(PERIODS), metric
    ratio = ledgers.execute(
        """
        SELECT min(l.loans / s.value::DOUBLE), max(l.loans / s.value::DOUBLE)
        FROM (SELECT period, institution, sum(balance)::DOUBLE AS loans FROM typed GROUP BY ALL) l
        JOIN stats s ON s.period = l.period AND s.institution_code = l.institution
        WHERE s.metric = 'deposits'
        """
    ).fetchone()
    assert ratio is not None and ratio[0] >= 0.55 and ratio[1] <= 0.85
    weights = [
        float(v)
        for v in _column(ledgers, "SELECT value FROM stats WHERE metric = 'inclusive_kpi_weight'")
    ]
    assert 0.05 <= min(weights) < 0.10 < max(weights) <= 0.2
    bps = [
        int(v) for v in _column(ledgers, "SELECT value FROM stats WHERE metric = 'ftp_discount_bp'")
    ]
    assert 20 <= min(bps) < 50 < max(bps) <= 80


def test_manifest_records_the_checksum_size_and_rows_of_every_file(tiny_demo: Demo) -> None:
    out, manifest = tiny_demo
    on_disk = {
        str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"
    }
    assert {f.path for f in manifest.files} == on_disk
    for record in manifest.files:
        data = (out / record.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == record.sha256
        assert len(data) == record.bytes
        assert data.count(b"\n") == record.rows + 1
    saved = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (saved["scale"], saved["seed"]) == ("tiny", manifest.seed)
    ledger_rows = sum(f.rows for f in manifest.files if f.path.startswith("ledgers/"))
    assert ledger_rows == sum(manifest.loans.values())
