"""Shared fixtures: databases built by migrations on SQLite and PostgreSQL, and the CLI runner.

Every database test runs twice, once per backend. PostgreSQL is reached through
``BEIZENG_TEST_DATABASE_URL``; each run creates databases of its own on that server (a migrated
template, then cheap clones of it) and drops them at the end, because the server is shared.
On CI (``CI=true``) a missing PostgreSQL URL is an error, never a silent skip.
"""

from __future__ import annotations

import io
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("COLUMNS", "200")

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from beizeng import assembly, db
from beizeng.config import get_settings

PG_URL = os.environ.get("BEIZENG_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session", autouse=True)
def wired() -> None:
    """The suite runs the assembled system: every hook listener subscribed, as in the app."""
    assembly.wire()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``postgres_only`` tests have no SQLite counterpart: deselect their SQLite runs (not skip)."""
    kept, dropped = [], []
    for item in items:
        backend = getattr(item, "callspec", None) and item.callspec.params.get("template")
        if item.get_closest_marker("postgres_only") and backend == "sqlite":
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"} and not PG_URL:
        raise pytest.UsageError(
            "CI 必须运行 PostgreSQL 测试：请设置 BEIZENG_TEST_DATABASE_URL（见 .ci/run）。"
        )


def _pg_admin() -> Engine:
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def _pg_url(name: str) -> str:
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def pg_create(prefix: str) -> str:
    """A new, empty database of this run on the shared server; returns its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return _pg_url(name)


def pg_drop(url: str) -> None:
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


@dataclass
class Template:
    backend: str
    url: str
    path: Path | None = None


@pytest.fixture(scope="session", params=BACKENDS)
def template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Template]:
    """A database migrated to head with ``alembic upgrade head``, once per backend and run."""
    backend = request.param
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "template.db"
        url = f"sqlite:///{path}"
        engine = db.make_engine(url)
        db.upgrade(engine)
        engine.dispose()
        yield Template(backend, url, path)
        return
    if not PG_URL:
        pytest.skip("未设置 BEIZENG_TEST_DATABASE_URL，跳过 PostgreSQL（CI 上必须设置）")
    url = pg_create("beizeng_tpl")
    engine = db.make_engine(url)
    db.upgrade(engine)
    engine.dispose()
    try:
        yield Template(backend, url)
    finally:
        pg_drop(url)


def _clone(template: Template, directory: Path) -> str:
    """A new database with the template's schema: a file copy, or CREATE DATABASE … TEMPLATE."""
    if template.backend == "sqlite":
        assert template.path is not None
        target = directory / f"clone-{uuid.uuid4().hex[:8]}.db"
        shutil.copyfile(template.path, target)
        return f"sqlite:///{target}"
    name = f"beizeng_t_{uuid.uuid4().hex[:12]}"
    tpl_name = make_url(template.url).database
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{tpl_name}"'))
    admin.dispose()
    return _pg_url(name)


def _drop(template: Template, url: str) -> None:
    if template.backend == "sqlite":
        return
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def engine(template: Template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """An engine on a clone of the template, for tests that roll back.

    The template itself is never connected to after migration, so PostgreSQL can clone it.
    """
    url = _clone(template, tmp_path_factory.mktemp("work"))
    eng = db.make_engine(url)
    yield eng
    eng.dispose()
    _drop(template, url)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session inside an outer transaction that is rolled back after the test."""
    conn = engine.connect()
    outer = conn.begin()
    sess = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
    sess.info["actor"] = "test"
    try:
        yield sess
    finally:
        sess.close()
        outer.rollback()
        conn.close()


@pytest.fixture
def fresh_db_url(template: Template, tmp_path: Path) -> Iterator[str]:
    """A database of its own for a test that commits (CLI, web): a clone of the template."""
    url = _clone(template, tmp_path)
    try:
        yield url
    finally:
        db.get_engine(url).dispose()
        db.get_engine.cache_clear()
        _drop(template, url)


@pytest.fixture
def home(tmp_path: Path, fresh_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A beizeng home with its own database, set in the environment as a user would."""
    data = tmp_path / "home"
    data.mkdir()
    monkeypatch.setenv("BEIZENG_HOME", str(data))
    monkeypatch.setenv("BEIZENG_DATABASE_URL", fresh_db_url)
    monkeypatch.setenv("BEIZENG_ACTOR", "tester")
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    yield data
    db.get_engine(fresh_db_url).dispose()
    db.get_engine.cache_clear()
    get_settings.cache_clear()


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(home: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``beizeng ARGS`` in-process against the test home; returns code and output."""
    from beizeng.cli.app import run

    def invoke(*args: str) -> CliResult:
        capsys.readouterr()
        code = run([str(a) for a in args])
        out = capsys.readouterr()
        return CliResult(code, out.out, out.err)

    return invoke


CLERK_PASSWORD = "Lvliang2022ledger"


@pytest.fixture
def clerk(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> Callable[[], list[str]]:
    """A pboc user ``clerk`` in the test home for the commands that act as a signed-in person
    (the tools' maker-checker, issue 12 point 3). Each call puts the password on stdin for the
    next command and returns the options that name the user."""

    def options() -> list[str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(CLERK_PASSWORD + "\n"))
        return ["--user", "clerk", "--password-stdin"]

    options()
    made = cli("users", "create", "--role", "pboc", "--username", "clerk", "--password-stdin")
    assert made.exit_code == 0, made.stderr
    return options
