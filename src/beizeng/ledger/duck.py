"""The one place that opens DuckDB (CONVENTIONS rule 9).

Imports and scans run in an in-memory DuckDB with a memory cap (issue 3: a million-row import
under 1.5 GB) and spill to the system's temporary directory.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import duckdb

MEMORY_LIMIT = "1200MB"
"""Keeps a million-row import under the 1.5 GB peak of issue 3 (DuckDB spills beyond it)."""


def connect() -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB connection with beizeng's limits."""
    spill = Path(tempfile.gettempdir()) / "beizeng-duckdb"
    con = duckdb.connect(
        ":memory:",
        config={
            "memory_limit": MEMORY_LIMIT,
            "temp_directory": str(spill),
            "preserve_insertion_order": True,
        },
    )
    con.execute("SET enable_progress_bar = false")
    return con


def ibis_backend(con: duckdb.DuckDBPyConnection | None = None) -> Any:
    """An Ibis DuckDB backend over ``con`` (a new connection by default)."""
    import ibis

    return ibis.duckdb.from_connection(con or connect())


def sql_path(path: object) -> str:
    """A file path as an SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"
