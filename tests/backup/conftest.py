"""Homes to back up, an empty PostgreSQL database to restore into, and archive helpers."""

from __future__ import annotations

import io
import shutil
import tarfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import zstandard
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from beizeng import db
from beizeng.access.principal import Principal
from beizeng.config import get_settings
from beizeng.db import session_scope
from beizeng.library import service as library
from beizeng.models.ledger import LedgerSubmission
from tests.conftest import PG_URL, CliResult
from tests.ledger.builders import row, write_csv
from tests.ledger.conftest import add_institution

Cli = Callable[..., CliResult]


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def use(monkeypatch: pytest.MonkeyPatch, *, home: Path | None = None, url: str | None) -> None:
    """Point the settings at another home and/or database (``url=None``: the home's SQLite)."""
    if home is not None:
        monkeypatch.setenv("BEIZENG_HOME", str(home))
    if url is None:
        monkeypatch.delenv("BEIZENG_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("BEIZENG_DATABASE_URL", url)
    get_settings.cache_clear()
    db.get_engine.cache_clear()


@contextmanager
def empty_postgres() -> Iterator[str]:
    """A new, empty database on the test PostgreSQL server, dropped afterwards."""
    name = f"beizeng_r_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        db.get_engine(url).dispose()
        db.get_engine.cache_clear()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def restore_url(fresh_db_url: str) -> Iterator[str | None]:
    """An empty PostgreSQL database to restore into (PostgreSQL runs), else ``None``."""
    if not is_postgres(fresh_db_url):
        yield None
        return
    with empty_postgres() as url:
        yield url


def import_ledger(cli: Cli, path: Path, period: str, institution: str = "ICBCLL") -> None:
    result = cli("ledger", "import", path, "--institution", institution, "--period", period)
    assert result.exit_code == 0, result.stderr


ATTACHMENT = ("吕梁市普惠小微 贷款政策.pdf", b"%PDF-1.4\n% test attachment\n" * 20)


@dataclass(frozen=True)
class Filled:
    home: Path
    source: Path
    """Where the test's input files live (outside the home)."""


@pytest.fixture
def filled(cli: Cli, home: Path, tmp_path: Path) -> Filled:
    """A home holding one of everything: ledgers (one superseded), an attachment, the secret
    key, a report; plus what must stay out: logs, scratch, an orphan and a half-written file."""
    source = tmp_path / "input"
    source.mkdir()
    with session_scope() as session:
        add_institution(session)
    import_ledger(cli, write_csv(source / "may.csv", [row(1), row(2)]), "2022-05")
    import_ledger(cli, write_csv(source / "june.csv", [row(1), row(2), row(3)]), "2022-06")
    import_ledger(cli, write_csv(source / "june2.csv", [row(1), row(2)]), "2022-06")
    with session_scope() as session:
        data = library.PolicyInput(
            title="吕梁市普惠小微贷款支持政策",
            issuer="人民银行吕梁市中心支行",
            issued_on=date(2022, 5, 1),
            text="对普惠小微企业首贷给予支持。",
        )
        pboc = Principal(user_id=1, username="pboc", display_name="人民银行", role="pboc")
        library.publish(
            session, principal=pboc, data=data, attachments=[ATTACHMENT], settings=get_settings()
        )
    get_settings().resolved_secret_key()
    (home / "reports").mkdir()
    (home / "reports" / "bulletin-2022-06.docx").write_bytes(b"PK\x03\x04 report bytes")
    (home / "logs").mkdir(exist_ok=True)
    (home / "logs" / "error.log").write_text("old error\n", encoding="utf-8")
    (home / "tmp").mkdir(exist_ok=True)
    (home / "tmp" / "scratch.csv").write_text("scratch\n", encoding="utf-8")
    some = next((home / "ledgers").rglob("*.parquet"))
    shutil.copyfile(some, some.with_name("orphan-not-registered.parquet"))
    shutil.copyfile(some, some.with_name(".tmp-being-written.parquet"))
    return Filled(home, source)


def submission_paths() -> set[str]:
    """The Parquet paths the configured database registers."""
    with session_scope() as session:
        return set(session.scalars(select(LedgerSubmission.path)))


# --- archives, read and written without the code under test ---------------------------------


def read_members(path: Path) -> list[tuple[tarfile.TarInfo, bytes]]:
    """Every member of a backup with its bytes, in order."""
    raw = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(path.read_bytes())).read()
    found = []
    with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as tar:
        for info in tar:
            handle = tar.extractfile(info)
            found.append((info, handle.read() if handle else b""))
    return found


def write_members(path: Path, members: list[tuple[tarfile.TarInfo, bytes]]) -> Path:
    """A well-formed zstd-compressed tar with exactly these members."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:", format=tarfile.PAX_FORMAT) as tar:
        for info, data in members:
            info.size = len(data) if info.isreg() else 0
            tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
    path.write_bytes(zstandard.ZstdCompressor(write_checksum=True).compress(out.getvalue()))
    return path


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
