"""The one place that opens DuckDB (CONVENTIONS rule 9).

One in-memory DuckDB database per process, opened on first use with a memory cap (issue 3: a
million-row import under 1.5 GB; DuckDB spills to the system's temporary directory beyond it).
Every use gets a connection of its own on it (``cursor()``): opening a database costs ~20 ms,
which the demo's 700 small imports would pay 700 times, while a cursor costs ~0.2 ms. Cursors
are independent — their own temporary tables, registered Arrow tables and settings — so callers
keep everything they create in the ``temp`` schema (``CREATE TEMP TABLE``), dropped when their
connection closes, and concurrent imports on several threads never see each other's tables.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path
from typing import Any

import duckdb

MEMORY_LIMIT = "1200MB"
"""Keeps a million-row import under the 1.5 GB peak of issue 3 (DuckDB spills beyond it)."""

_lock = threading.Lock()
_database: tuple[int, duckdb.DuckDBPyConnection] | None = None


def _shared() -> duckdb.DuckDBPyConnection:
    """The process-wide database, (re)opened in a forked child: DuckDB does not survive a fork."""
    global _database
    if _database is None or _database[0] != os.getpid():
        spill = Path(tempfile.gettempdir()) / "beizeng-duckdb"
        database = duckdb.connect(
            ":memory:",
            config={
                "memory_limit": MEMORY_LIMIT,
                "temp_directory": str(spill),
                "preserve_insertion_order": True,
            },
        )
        _database = (os.getpid(), database)
    return _database[1]


SMALL_INPUT_BYTES = 2 << 20
"""Below this size (~10,000 ledger rows) a file is checked without DuckDB's query optimizer."""


def connect(*, input_bytes: int | None = None) -> duckdb.DuckDBPyConnection:
    """A new connection to the process-wide database; close it when done (thread-safe).

    Create only temporary objects on it: the ``main`` schema is shared by every connection.
    ``input_bytes``: the size of the file the connection will check. The validation statements
    are long (every rule of every column); on a small file optimising them costs more than
    running them unoptimised (~15 ms of a demo file's ~50 ms), so small inputs skip the
    optimizer — a per-connection setting that changes no result.
    """
    with _lock:
        con = _shared().cursor()
    con.execute("SET enable_progress_bar = false")
    if input_bytes is not None and input_bytes < SMALL_INPUT_BYTES:
        con.execute("PRAGMA disable_optimizer")
    return con


def ibis_backend(con: duckdb.DuckDBPyConnection | None = None) -> Any:
    """An Ibis DuckDB backend over ``con`` (a new connection by default)."""
    import ibis

    return ibis.duckdb.from_connection(con or connect())


def sql_path(path: object) -> str:
    """A file path as an SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"
