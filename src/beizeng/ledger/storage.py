"""Immutable Parquet files of accepted submissions, written crash-safely.

Layout: ``$BEIZENG_HOME/ledgers/<CODE>/<YYYY-MM>/<submission-id>.parquet``. The protocol
(issue 3, storage): write a temporary file in the target directory, fsync it, rename it
atomically into place, fsync the directory; only then is the database record written, in the
same transaction as the supersede flag. A crash before the commit leaves at most a file that no
record references, and readers only ever open files referenced by current records.
"""

from __future__ import annotations

import hashlib
import os
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from uuid import uuid4

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from beizeng.kit.files import fsync_dir
from beizeng.ledger.duck import sql_path

LEDGER_DIR = "ledgers"
TEMP_PREFIX = ".tmp-"


def checkpoint(name: str) -> None:
    """A named point of the write protocol.

    Does nothing; the crash tests replace it in a subprocess to kill the process exactly there
    ("written", "synced", "renamed", "recorded").
    """


def new_submission_id(now: datetime) -> str:
    """Sortable by time, unique without coordination: ``20220705T083015-3f2a9c1b7d04``."""
    return f"{now:%Y%m%dT%H%M%S}-{uuid4().hex[:12]}"


def relative_path(code: str, period: str, submission_id: str) -> str:
    """Where a submission's file lives, relative to the home (stored in the record)."""
    return str(PurePosixPath(LEDGER_DIR, code, period, f"{submission_id}.parquet"))


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size_bytes: int
    rows: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def digest_in_background(path: Path, *, max_bytes: int) -> Future[str]:
    """The sha256 of a source file, computed on a thread while DuckDB validates it (hashlib
    releases the GIL). Files that will be refused (missing, too large) are not read."""
    future: Future[str] = Future()
    if not path.is_file() or path.stat().st_size > max_bytes:
        future.set_result("")
        return future

    def run() -> None:
        try:
            future.set_result(sha256_of(path))
        except OSError as exc:
            future.set_exception(exc)

    threading.Thread(target=run, name="beizeng-sha256", daemon=True).start()
    return future


def parquet_rows(path: Path) -> int:
    """Row count from the Parquet footer (no data read)."""
    return int(pq.ParquetFile(path).metadata.num_rows)


def footer_rows(path: Path) -> int | None:
    """``parquet_rows``, or None when the footer cannot be read (a damaged or foreign file).

    pyarrow reports a damaged footer as ``ArrowInvalid`` and an unreadable file as ``OSError``;
    anything else is a bug and is not hidden.
    """
    try:
        return parquet_rows(path)
    except (pa.ArrowInvalid, OSError):
        return None


def write_parquet(con: duckdb.DuckDBPyConnection, select_sql: str, target: Path) -> StoredFile:
    """Write the rows of ``select_sql`` to ``target`` atomically; never overwrite a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f"{TEMP_PREFIX}{target.name}")
    try:
        con.execute(
            f"COPY ({select_sql}) TO {sql_path(temp)} (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1,"
            " ROW_GROUP_SIZE 122880)"
        )
        checkpoint("written")
        with temp.open("rb+") as fh:
            os.fsync(fh.fileno())
        stored = StoredFile(sha256_of(temp), temp.stat().st_size, parquet_rows(temp))
        checkpoint("synced")
        if target.exists():
            raise FileExistsError(target)
        os.replace(temp, target)
        fsync_dir(target.parent)
    finally:
        temp.unlink(missing_ok=True)
    checkpoint("renamed")
    return stored
