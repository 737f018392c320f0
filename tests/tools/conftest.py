"""Fixtures of the tools tests: a beizeng home for ledger files and the Lüliang registry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from beizeng.config import get_settings
from beizeng.institution.service import import_registry, packaged_registry
from tests.web.conftest import platform  # noqa: F401  (the web app fixture, for page tests)


@pytest.fixture
def ledger_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """BEIZENG_HOME in a temporary folder, so imported Parquet ledgers go there."""
    home = tmp_path / "ledger-home"
    home.mkdir()
    monkeypatch.setenv("BEIZENG_HOME", str(home))
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


@pytest.fixture
def registry(session: Session, ledger_home: Path) -> Session:
    """The session with the packaged Lüliang registry loaded and a ledger home set."""
    import_registry(session, path=packaged_registry(), settings=get_settings())
    session.flush()
    return session
