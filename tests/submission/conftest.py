"""Fixtures of the submission tests: the platform app (tests/web) with banks, users and a token."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from beizeng.config import Settings, get_settings
from tests.account.factories import (
    NOW,
    create_bank_user,
    create_institution,
    create_token,
    create_user,
)
from tests.web.conftest import Platform, platform

__all__ = ["Banks", "banks", "platform"]


@dataclass
class Banks:
    """Two banks of the registry: ``first`` has a clerk (session and token), ``second`` has a
    clerk and submits nothing; a pboc user follows them."""

    platform: Platform
    first_code: str
    first_id: int
    first_name: str
    second_code: str
    second_id: int
    clerk: str
    other_clerk: str
    pboc: str
    token: str
    read_token: str

    @property
    def settings(self) -> Settings:
        """The app's own settings (its home, its upload cap)."""
        client = self.platform.client()
        settings: Settings = client.app.state.settings  # type: ignore[attr-defined]
        return settings

    def stored_files(self) -> list[Path]:
        """Every file the ledger import stored (Parquet) under the app's home."""
        return sorted((self.settings.resolved_home / "ledgers").rglob("*.parquet"))

    def scratch_left(self) -> list[Path]:
        """What uploads left under the home's tmp/ (error workbooks aside)."""
        tmp = self.settings.resolved_home / "tmp"
        return sorted(p for p in tmp.glob("upload-*")) if tmp.exists() else []

    def api(self, token: str | None = None) -> TestClient:
        client = self.platform.client()
        client.headers["Authorization"] = f"Bearer {token or self.token}"
        return client


@pytest.fixture
def banks(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> Iterator[Banks]:
    # ``ledger.scan.LedgerScan`` (the totals by caliber) reads the home from the environment's
    # settings, not the app's: point both at the same home, as in production.
    app_settings: Settings = platform.client().app.state.settings  # type: ignore[attr-defined]
    monkeypatch.setenv("BEIZENG_HOME", str(app_settings.resolved_home))
    get_settings.cache_clear()
    with platform.session() as s:
        first = create_institution(s, name="吕梁测试农商银行")
        second = create_institution(s, name="吕梁测试村镇银行")
        clerk = create_bank_user(s, first)
        other = create_bank_user(s, second)
        pboc = create_user(s, "pboc")
        yesterday = NOW - timedelta(days=1)
        _row, token = create_token(
            s, clerk, "ledgers:write", "ledgers:read", name="报送系统", now=yesterday
        )
        _row, read_token = create_token(s, clerk, "ledgers:read", name="只读", now=yesterday)
        s.commit()
        yield Banks(
            platform,
            first.code,
            first.id,
            first.name,
            second.code,
            second.id,
            clerk.username,
            other.username,
            pboc.username,
            token,
            read_token,
        )
    get_settings.cache_clear()
