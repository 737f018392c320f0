"""Fixtures of monitoring tests: a registry of two banks, a home for ledger files, and a user's
home holding the hand-built example for CLI tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from beizeng.config import get_settings
from beizeng.db import session_scope
from tests.monitor.ledgers import add_banks, import_example


@pytest.fixture
def ledger_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """BEIZENG_HOME in a temporary directory, where imports store their Parquet files."""
    monkeypatch.setenv("BEIZENG_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    yield tmp_path / "home"
    get_settings.cache_clear()


@pytest.fixture
def banks(session: Session, ledger_home: Path) -> Session:
    """The session with the two banks of ``ledgers`` registered."""
    add_banks(session)
    return session


@pytest.fixture
def example_home(home: Path, tmp_path: Path) -> Path:
    """The CLI's home (``home``) with the two banks and the example ledgers imported, committed."""
    with session_scope() as session:
        add_banks(session)
        import_example(session, tmp_path / "in")
    return home
