"""The demo's files: ledger snapshots in the loan ledger contract, entities, checksums.

Tables are built column-wise from the simulator's arrays and written by DuckDB's CSV writer
(UTF-8, a plain header, quotes only where needed, ISO dates, ``true``/``false``, money with two
decimals), the same text a bank's export in the contract looks like.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from beizeng.demo.columns import money_from_fen, strings
from beizeng.demo.entities import Entities
from beizeng.demo.loans import Banks, Book
from beizeng.demo.rules import (
    BORROWER_TYPE,
    CLASSES,
    ENTERPRISE_SIZE,
    ENTITY_COLUMNS,
    LEDGER_COLUMNS,
    RISK_WORDS,
)

GUARANTEE_WORDS = np.array(["credit", "guarantee", "mortgage", "pledge"])
_TYPES = np.array([BORROWER_TYPE[c] for c in CLASSES])
_SIZES = np.array([ENTERPRISE_SIZE.get(c, "") for c in CLASSES])
_ENTERPRISE = np.array([c.startswith("enterprise") for c in CLASSES])


@dataclass(frozen=True)
class FileRecord:
    """One written file: path relative to the demo directory, checksum, size and data rows."""

    path: str
    sha256: str
    bytes: int
    rows: int


def _dates(days: np.ndarray) -> pa.Array:
    return pa.array(days.astype("datetime64[D]"))


def ledger_table(book: Book, month: int, entities: Entities, banks: Banks) -> pa.Table:
    """The book at ``month`` as a table with exactly the ledger contract's columns."""
    entity = pa.array(book.entity)
    cls = entities.cls[book.entity]
    enterprise = _ENTERPRISE[cls]
    serial = pc.utf8_lpad(pc.cast(pa.array(book.serial), pa.string()), 10, "0")
    columns = {
        "loan_id": pc.binary_join_element_wise(
            pa.array(banks.codes).take(pa.array(book.bank)), serial, ""
        ),
        "borrower_id": entities.ids.take(entity),
        "borrower_name": entities.names.take(entity),
        "borrower_type": strings(_TYPES[cls]),
        "enterprise_size": strings(_SIZES[cls], ~enterprise),
        "ownership": entities.details["ownership"].take(entity),
        "industry_code": entities.details["industry_code"].take(entity),
        "county_code": entities.details["county_code"].take(entity),
        "purpose": strings(np.where(book.consumption, "consumption", "business")),
        "credit_line": money_from_fen(entities.credit_line[book.entity] * 100),
        "balance": money_from_fen(book.balances(month)),
        "start_date": _dates(book.start_day),
        "maturity_date": _dates(book.maturity_day),
        "guarantee_type": strings(GUARANTEE_WORDS[book.guarantee]),
        "interest_rate": pa.array(book.rate_bp / 10_000),
        "green": pa.array(book.green),
        "clean_energy": pa.array(book.clean),
        "first_loan": pa.array(book.first),
        "renewal": pa.array(book.renewal),
        "risk_class": strings(np.array(RISK_WORDS)[book.risk_at(month)]),
    }
    assert tuple(columns) == LEDGER_COLUMNS
    return pa.table(columns)


def entity_table(entities: Entities, first_start: np.ndarray) -> pa.Table:
    """``entities.csv``: every entity, borrowers or not. An entity is established at least 30 days
    before its first loan starts."""
    latest = np.where(
        first_start < np.iinfo(np.int64).max, first_start - 30, np.iinfo(np.int64).max
    ).astype("datetime64[D]")
    established = np.where(
        np.isnat(entities.established),
        entities.established,
        np.minimum(entities.established, latest),
    )
    details = entities.details
    columns = {
        "id": entities.ids,
        "name": entities.names,
        **{name: details[name] for name in details.column_names if name != "contact"},
        "established": pa.array(established, type=pa.date32()),
        "contact": details["contact"],
    }
    assert tuple(columns) == ENTITY_COLUMNS
    return pa.table(columns)


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


class CsvWriter:
    """Writes Arrow tables as CSV under a root directory and records each file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.records: list[FileRecord] = []
        self._con = duckdb.connect()
        self._con.execute("SET preserve_insertion_order = true")

    def _copy(self, table: pa.Table, path: Path) -> None:
        self._con.register("demo_out", table)
        try:
            target = str(path).replace("'", "''")
            self._con.execute(f"COPY demo_out TO '{target}' (FORMAT csv, HEADER true)")
        finally:
            self._con.unregister("demo_out")

    def write(self, table: pa.Table, relative: str) -> FileRecord:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        self._copy(table, path)
        return self.record(relative, table.num_rows)

    def write_parts(self, table: pa.Table, parts: list[tuple[str, int]]) -> None:
        """Write consecutive row ranges of ``table`` as separate files, each with the header.

        One CSV rendering for all parts (a DuckDB COPY costs milliseconds however small the
        file), split at line ends; no field of the demo contains a line break.
        """
        scratch = self.root / ".parts.csv"
        self._copy(table, scratch)
        data = scratch.read_bytes()
        scratch.unlink()
        ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n")) + 1
        if len(ends) != table.num_rows + 1:
            raise ValueError("a field contains a line break; cannot split the CSV by lines")
        header = data[: ends[0]]
        first = 0
        for relative, rows in parts:
            body = data[ends[first] : ends[first + rows]] if rows else b""
            first += rows
            content = header + body
            path = self.root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            self.records.append(
                FileRecord(relative, hashlib.sha256(content).hexdigest(), len(content), rows)
            )

    def record(self, relative: str, rows: int) -> FileRecord:
        """Record a file written by someone else (checksum and size)."""
        path = self.root / relative
        record = FileRecord(relative, checksum(path), path.stat().st_size, rows)
        self.records.append(record)
        return record

    def close(self) -> None:
        self._con.close()
