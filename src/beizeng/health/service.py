"""Readiness checks: gather the facts (database, schema, ledger files, calendar) and judge them.

``run_checks`` is read-only: it never upgrades the schema (``beizeng doctor`` and ``/readyz``
must report a schema that is behind, not repair it silently) and never creates a directory.
Each database-dependent check runs in its own savepoint, so one that fails (a table missing on a
schema that is behind) cannot abort the others on PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from beizeng import db
from beizeng.config import Settings
from beizeng.health import rules
from beizeng.health.repository import HealthRepository
from beizeng.health.rules import Check, FolderState
from beizeng.holiday.service import coverage_gaps
from beizeng.ledger.storage import LEDGER_DIR

_PARQUET_MAGIC = b"PAR1"


def run_checks(
    target: Session | Engine,
    *,
    settings: Settings,
    today: date,
    sample: int = rules.LEDGER_SAMPLE,
) -> list[Check]:
    """Every readiness check, in ``rules.TITLES`` order, for the database of ``target``.

    ``target`` is a session (its transaction is the caller's) or an engine (a session is opened
    and rolled back here). ``today`` is the date in China from the caller's clock.
    """
    if isinstance(target, Engine):
        with Session(target, expire_on_commit=False) as session:
            try:
                return _run(session, settings=settings, today=today, sample=sample)
            finally:
                session.rollback()
    return _run(target, settings=settings, today=today, sample=sample)


def _run(session: Session, *, settings: Settings, today: date, sample: int) -> list[Check]:
    repo = HealthRepository(session)
    try:
        repo.ping()
    except (SQLAlchemyError, OSError) as exc:
        session.rollback()
        down = rules.database_check(type(exc).__name__)
        return [down] + [
            rules.not_checked(name, "数据库无法连接") for name in rules.TITLES if name != "database"
        ]
    checks = [rules.database_check(None), _migrations(session)]
    checks.append(
        _guarded(
            session,
            lambda: _ledger(repo, home=settings.resolved_home, sample=sample),
            rules.ledger_unreadable,
        )
    )
    start, end = rules.calendar_window(today)
    checks.append(
        _guarded(
            session,
            lambda: rules.calendar_check(
                start=start, end=end, gaps=coverage_gaps(session, start=start, end=end)
            ),
            rules.calendar_unreadable,
        )
    )
    return checks


def _guarded(session: Session, check: Callable[[], Check], failed: Callable[[str], Check]) -> Check:
    """Run one database-dependent check in a savepoint; a database error fails only that check."""
    try:
        with session.begin_nested():
            return check()
    except SQLAlchemyError as exc:
        return failed(type(exc).__name__)


def _migrations(session: Session) -> Check:
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    try:
        current = db.is_current(engine)
    except SQLAlchemyError:
        current = False
    return rules.migrations_check(current)


def folder_state(path: Path) -> FolderState:
    if not path.exists():
        return "missing"
    if not path.is_dir():
        return "not_a_directory"
    if not os.access(path, os.R_OK | os.X_OK):
        return "unreadable"
    return "ok"


def is_readable_parquet(path: Path) -> bool:
    """The file exists, can be opened and ends with the Parquet magic (its footer is there)."""
    try:
        with path.open("rb") as fh:
            if fh.seek(0, os.SEEK_END) < 2 * len(_PARQUET_MAGIC):
                return False
            fh.seek(-len(_PARQUET_MAGIC), os.SEEK_END)
            return fh.read(len(_PARQUET_MAGIC)) == _PARQUET_MAGIC
    except OSError:
        return False


def _ledger(repo: HealthRepository, *, home: Path, sample: int) -> Check:
    recorded = repo.count_current_submissions()
    folder = folder_state(home / LEDGER_DIR)
    paths = repo.sample_current_paths(sample) if folder == "ok" and recorded else []
    missing = sum(1 for relative in paths if not is_readable_parquet(home / relative))
    return rules.ledger_check(folder=folder, recorded=recorded, sampled=len(paths), missing=missing)
