"""``beizeng config show`` and ``beizeng db upgrade``; errors never show a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from beizeng.config import get_settings
from tests.conftest import CliResult


def test_config_show_names_the_home_and_hides_passwords(
    cli: Callable[..., CliResult], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "BEIZENG_DATABASE_URL", "postgresql+psycopg://clerk:Tiger-8817@db.example:5432/beizeng"
    )
    monkeypatch.setenv("BEIZENG_SECRET_KEY", "Signing-Key-5521")
    get_settings.cache_clear()
    result = cli("config", "show")
    assert result.exit_code == 0, result.stderr
    assert "beizeng 配置" in result.stdout
    assert str(home.resolve()) in result.stdout
    # The URL is shown with the password masked (SQLAlchemy's ***), the key only as "set".
    assert "postgresql+psycopg://clerk:***@db.example:5432/beizeng" in result.stdout
    assert "已设置" in result.stdout and "未设置" not in result.stdout
    assert "Tiger-8817" not in result.stdout + result.stderr
    assert "Signing-Key-5521" not in result.stdout + result.stderr


def test_config_show_says_when_the_signing_key_will_be_generated(
    cli: Callable[..., CliResult], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BEIZENG_SECRET_KEY", raising=False)
    get_settings.cache_clear()
    result = cli("config", "show")
    assert result.exit_code == 0, result.stderr
    assert "未设置（自动生成）" in result.stdout


def test_db_upgrade_is_idempotent(cli: Callable[..., CliResult]) -> None:
    assert cli("db", "upgrade").exit_code == 0
    second = cli("db", "upgrade")
    assert second.exit_code == 0
    assert "最新结构" in second.stdout


def test_unknown_command_is_a_usage_error_without_traceback(
    cli: Callable[..., CliResult],
) -> None:
    result = cli("no-such-command")
    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr
