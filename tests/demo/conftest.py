"""A tiny demo generated once per test session, and its ledgers as one DuckDB table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from beizeng.demo.service import Manifest, generate

SEED = 3


@pytest.fixture(scope="session")
def tiny_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    out = tmp_path_factory.mktemp("demo") / "tiny"
    return out, generate(out, scale="tiny", seed=SEED)


@pytest.fixture(scope="session")
def ledgers(tiny_demo: tuple[Path, Manifest]) -> Iterator[duckdb.DuckDBPyConnection]:
    """Every ledger row as text, with ``period`` and ``institution`` from the file path."""
    out, _ = tiny_demo
    con = duckdb.connect()
    con.execute(
        f"""
        CREATE TABLE loans AS
        SELECT *,
               regexp_extract(filename, 'ledgers/(\\d{{4}}-\\d{{2}})/', 1) AS period,
               regexp_extract(filename, '/([A-Za-z0-9]+)\\.csv$', 1) AS institution
        FROM read_csv('{out}/ledgers/*/*.csv', all_varchar = true, header = true,
                      filename = true, union_by_name = false)
        """
    )
    con.execute(
        """
        CREATE TABLE typed AS
        SELECT loan_id, borrower_id, borrower_type, institution, period,
               last_day(strptime(period || '-01', '%Y-%m-%d'))::DATE AS period_end,
               CAST(balance AS DECIMAL(18, 2)) AS balance,
               CAST(credit_line AS DECIMAL(18, 2)) AS credit_line,
               CAST(start_date AS DATE) AS start_date,
               CAST(maturity_date AS DATE) AS maturity_date,
               first_loan = 'true' AS first_loan, renewal = 'true' AS renewal,
               green = 'true' AS green, clean_energy = 'true' AS clean_energy
        FROM loans
        """
    )
    yield con
    con.close()
