"""Run every rule of the ledger contract over a loaded file in DuckDB, in one set of passes.

``validate`` loads the file into ``raw``, builds ``staged`` (text and normalised values), and
collects every broken rule into the table ``problems``; the caller then either writes the typed
rows to Parquet or reports the problems. Nothing here touches the operational database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from beizeng.errors import Problem
from beizeng.kit.periods import Period
from beizeng.ledger import checks, rules
from beizeng.ledger.duck import sql_path
from beizeng.ledger.reader import Loaded, load
from beizeng.privacy.rules import masked_problem, masked_row
from beizeng.reference.identifiers import address_code_info

LISTED = 10_000
"""At most this many problems are carried back (the counts are always complete)."""
DATA_SHEET = "贷款台账"
"""The template's data sheet; an XLSX with several sheets is read from it, else the first."""


@dataclass
class Validation:
    """The outcome of checking one file; ``errors``/``warnings`` list at most ``LISTED``."""

    file: str
    loaded: Loaded
    error_count: int
    warning_count: int
    errors: list[Problem]
    warnings: list[Problem]


def _values_table(
    con: duckdb.DuckDBPyConnection, name: str, columns: str, rows: Sequence[tuple[str, ...]]
) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({columns})")
    if rows:
        con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(rows[0]))})", rows)


def _previous_table(con: duckdb.DuckDBPyConnection, previous: Path | None) -> None:
    """Borrowers with a balance in last month's current snapshot (for the first-loan warning)."""
    if previous is None:
        _values_table(con, "_previous", "borrower_id VARCHAR", [])
    else:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _previous AS SELECT DISTINCT borrower_id"
            f" FROM read_parquet({sql_path(previous)}) WHERE balance > 0"
        )


def _unknown_addresses(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Address codes of the file's resident IDs that GB/T 2260 never had, looked up per code."""
    types = ", ".join(checks.quote(t) for t in rules.RESIDENT_ID_TYPES)
    codes = con.execute(
        "SELECT DISTINCT left(n_borrower_id, 6) FROM staged"
        f" WHERE n_borrower_type IN ({types}) AND n_borrower_id IS NOT NULL"
    ).fetchall()
    shaped = (code for (code,) in codes if len(code) == 6 and code.isdigit())
    return sorted(code for code in shaped if address_code_info(code) is None)


def _fetch(
    con: duckdb.DuckDBPyConnection, file: str, headers: dict[str, str]
) -> dict[str, tuple[int, list[Problem]]]:
    """(count, first ``LISTED``) of the problems of each severity; a clean file costs one query."""
    counts = dict(
        con.execute("SELECT severity, count(*) FROM problems GROUP BY severity").fetchall()
    )
    listed: dict[str, list[Problem]] = {"error": [], "warning": []}
    if counts:
        rows = con.execute(
            "SELECT severity, _row, col, value, rule FROM problems QUALIFY row_number()"
            f" OVER (PARTITION BY severity ORDER BY _row, ord) <= {LISTED} ORDER BY _row, ord"
        ).fetchall()
        for severity, row, col, value, rule in rows:
            problem = Problem(file, int(row), col, value, rule, severity)
            # JR/T 0171-2020: a borrower's resident ID is never echoed whole; row, column and
            # rule locate the cell. Masked before the header is put back, by the contract name.
            masked = masked_problem(problem, identifier_columns=("borrower_id",))
            listed[severity].append(replace(masked, column=headers.get(col, col)))
    return {severity: (int(counts.get(severity, 0)), listed[severity]) for severity in listed}


def validate(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    period: Period,
    previous: Path | None,
    max_bytes: int,
    scratch: Path,
) -> Validation:
    """Check every row of ``path`` against every rule; leaves ``staged`` for the writer."""
    loaded = load(
        con,
        path,
        aliases=rules.header_aliases(),
        required=rules.COLUMN_NAMES,
        kinds={c.name: c.kind for c in rules.COLUMNS},
        max_bytes=max_bytes,
        scratch=scratch,
        data_sheet=DATA_SHEET,
        stage=lambda mapping, source, keep: checks.staged_sql(mapping, source=source, keep=keep),
    )
    _previous_table(con, previous)
    con.execute("CREATE OR REPLACE TEMP TABLE _dups AS " + checks.duplicates_sql(loaded.row_expr))
    every = checks.error_checks(period.end, _unknown_addresses(con)) + checks.warning_checks(
        period.shift(-1).end
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE problems AS "
        + checks.problems_sql(every, row_expr=loaded.row_expr)
    )
    file = path.name if loaded.sheet is None else f"{path.name}（工作表「{loaded.sheet}」）"
    found = _fetch(con, file, loaded.headers)
    (error_count, errors), (warning_count, warnings) = found["error"], found["warning"]
    return Validation(file, loaded, error_count, warning_count, errors, warnings)


def offending_rows(
    con: duckdb.DuckDBPyConnection, row_expr: str, limit: int = LISTED
) -> list[tuple[int, list[str | None]]]:
    """The text of the first ``limit`` rows with an error, in contract column order, the
    borrower id masked and resident IDs or mobile numbers in other cells too (JR/T 0171-2020:
    the error workbook travels by e-mail and USB stick; the clerk fixes the original file)."""
    columns = ", ".join(rules.COLUMN_NAMES)
    rows = con.execute(
        f"SELECT * FROM (SELECT {row_expr} AS _row, {columns} FROM staged) WHERE _row IN"
        f" (SELECT DISTINCT _row FROM problems WHERE severity = 'error' ORDER BY _row LIMIT {limit})"
        " ORDER BY _row"
    ).fetchall()
    ids = rules.COLUMN_NAMES.index("borrower_id")
    return [(int(row[0]), masked_row(list(row[1:]), identifier_index=ids)) for row in rows]
