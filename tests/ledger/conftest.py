"""Fixtures of the ledger tests: a home for Parquet files and registered institutions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from beizeng.config import get_settings
from beizeng.models.institution import Institution


@pytest.fixture
def ledger_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """BEIZENG_HOME in a temporary directory, for service tests that write Parquet files."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("BEIZENG_HOME", str(home))
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


def add_institution(session: Session, **overrides: str) -> Institution:
    """A registry entry (a national bank's Lüliang branch unless overridden)."""
    values = {
        "code": "ICBCLL",
        "name": "中国工商银行吕梁分行",
        "category": "large_state_bank",
        "legal_scope": "national",
        "county_code": "141102",
        "superior": "中国工商银行山西省分行",
    }
    values.update(overrides)
    institution = Institution(**values)
    session.add(institution)
    session.flush()
    return institution


@pytest.fixture
def bank(session: Session, ledger_home: Path) -> Institution:
    return add_institution(session)
