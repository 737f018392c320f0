"""The statements a backup runs on the database snapshot: which files it references, and its
schema revision. They run on the snapshot itself (the SQLite copy, or the PostgreSQL
transaction whose snapshot ``pg_dump`` exports), never on the live database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, inspect, select, text

from beizeng.models.ledger import LedgerSubmission
from beizeng.models.library import PolicyAttachment


@dataclass(frozen=True)
class FileRef:
    """A file of the home that a database row registers, with the size and sha256 it records."""

    path: str
    size: int
    sha256: str


class SnapshotRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def revision(self) -> str | None:
        """The alembic revision(s), comma-separated; ``None`` when the schema was never built."""
        if not inspect(self.conn).has_table("alembic_version"):
            return None
        rows = self.conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
        found = sorted(rows)
        return ",".join(found) if found else None

    def ledger_files(self) -> list[FileRef]:
        """Every submission's Parquet file, current and superseded (nothing is ever lost)."""
        rows = self.conn.execute(
            select(
                LedgerSubmission.path, LedgerSubmission.size_bytes, LedgerSubmission.sha256
            ).order_by(LedgerSubmission.path)
        )
        return [FileRef(path, size, sha) for path, size, sha in rows]

    def attachments(self) -> list[FileRef]:
        """Every policy attachment of the library."""
        rows = self.conn.execute(
            select(
                PolicyAttachment.path, PolicyAttachment.size_bytes, PolicyAttachment.sha256
            ).order_by(PolicyAttachment.path)
        )
        return [FileRef(path, size, sha) for path, size, sha in rows]

    def postgres_objects(self) -> int:
        """Tables, views, sequences and functions outside the system schemas (PostgreSQL)."""
        system = "('pg_catalog', 'information_schema')"
        relations = self.conn.execute(
            text(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                f" WHERE n.nspname NOT IN {system} AND n.nspname NOT LIKE 'pg\\_%'"
                " AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
            )
        ).scalar_one()
        functions = self.conn.execute(
            text(
                "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                f" WHERE n.nspname NOT IN {system} AND n.nspname NOT LIKE 'pg\\_%'"
            )
        ).scalar_one()
        return int(relations) + int(functions)
