"""Fixtures of monitoring tests: a registry of two banks and a home for ledger files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from beizeng.config import get_settings
from tests.monitor.ledgers import add_banks


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
