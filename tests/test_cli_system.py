"""``beizeng config show`` and ``beizeng db upgrade``; errors never show a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult


def test_config_show_names_the_home_and_hides_passwords(
    cli: Callable[..., CliResult], home: Path
) -> None:
    result = cli("config", "show")
    assert result.exit_code == 0
    assert "BEIZENG_HOME" in result.stdout
    assert "beizeng 配置" in result.stdout


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
