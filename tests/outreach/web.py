"""A platform app whose BEIZENG_HOME is also the ledgers' home, with two lending banks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from beizeng.config import get_settings
from tests.outreach.helpers import two_banks
from tests.web.conftest import Platform, platform

__all__ = ["platform", "staffed"]


@pytest.fixture
def staffed(
    platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Platform]:
    """Users pboc/gov/icbc/abc (password of the factories) and 2022-06 ledgers of two banks."""
    monkeypatch.setenv("BEIZENG_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    with platform.session() as s:
        pboc, gov, icbc, abc = two_banks(s, tmp_path)
        for principal, name in ((pboc, "pboc1"), (gov, "gov1"), (icbc, "icbc1"), (abc, "abc1")):
            from beizeng.models.account import User

            user = s.get(User, principal.user_id)
            assert user is not None
            user.username = name
        s.commit()
    yield platform
    get_settings.cache_clear()
