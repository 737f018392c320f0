"""Engines, sessions and migrations.

The boundary owns the transaction (CONVENTIONS rule 2): ``session_scope`` commits on success and
rolls back on any error, so a command either writes all of its work or nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from beizeng import audit
from beizeng.config import get_settings
from beizeng.errors import BeizengError


class DatabaseNotReady(BeizengError):
    status = 503


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys on and a busy timeout."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


@lru_cache(maxsize=4)
def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for ``url`` (default: the configured database)."""
    return make_engine(url or get_settings().resolved_database_url)


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at the packaged migrations and at ``engine``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("beizeng") / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine | None = None) -> None:
    """Bring the database to the newest schema (idempotent)."""
    engine = engine or get_engine()
    config = alembic_config(engine)
    collapse_linearised_heads(engine, ScriptDirectory.from_config(config))
    command.upgrade(config, "head")


def collapse_linearised_heads(engine: Engine, script: ScriptDirectory) -> None:
    """Keep only the newest of the revisions a home recorded when the history had branches.

    Until November 2026 revisions 0002–0006 each branched from 0001, so a home records five
    rows in ``alembic_version``. The history is now one line (0001 → 0002 → … → head) with the
    same revisions, so every recorded row but the newest is an ancestor of another and is
    removed; Alembic would otherwise refuse the overlapping heads. A home that is already
    linear is left alone.
    """
    with engine.begin() as conn:
        context = MigrationContext.configure(conn)
        recorded = set(context.get_current_heads())
        if len(recorded) < 2:
            return
        ancestors = {
            rev.revision
            for head in recorded
            for rev in script.revision_map.iterate_revisions(head, "base")
            if rev.revision != head
        }
        for obsolete in sorted(recorded & ancestors):
            conn.execute(
                text("DELETE FROM alembic_version WHERE version_num = :rev"), {"rev": obsolete}
            )


def is_current(engine: Engine) -> bool:
    """True when the database stands at the one migration head."""
    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    return current == set(script.get_heads())


_VERIFIED: set[str] = set()
"""Databases this process has seen at head; checked once, since migrations only move forward."""


def ensure_current(engine: Engine | None = None, *, auto: bool = True) -> Engine:
    """Upgrade automatically (the default) or refuse clearly when the schema is behind."""
    engine = engine or get_engine()
    key = engine.url.render_as_string(hide_password=False)
    if key in _VERIFIED:
        return engine
    if not is_current(engine):
        if not auto:
            raise DatabaseNotReady("数据库结构不是最新版本，请先运行 beizeng db upgrade。")
        upgrade(engine)
    _VERIFIED.add(key)
    return engine


@contextmanager
def session_scope(actor: str | None = None, engine: Engine | None = None) -> Iterator[Session]:
    """A unit of work: commit on success, roll back on error. ``actor`` goes to the audit log."""
    engine = ensure_current(engine)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    session = factory()
    session.info["actor"] = actor or get_settings().actor
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


audit.install()
