"""``beizeng calendar load|list`` as an administrator runs them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.holiday.notices import NOTICE_2027, notice

Cli = Callable[..., CliResult]


def _file(tmp_path: Path, content: bytes, name: str = "2027.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_load_then_list_shows_the_notice_as_the_source_of_2027(cli: Cli, tmp_path: Path) -> None:
    loaded = cli("calendar", "load", str(_file(tmp_path, NOTICE_2027.encode())))
    assert loaded.exit_code == 0, loaded.stderr
    assert (
        "已载入 2027 年节假日安排（国办发明电〔2026〕N号）：放假 10 天，调休上班 1 天"
        in loaded.stdout
    )
    listed = cli("calendar", "list")
    assert listed.exit_code == 0, listed.stderr
    line = next(x for x in listed.stdout.splitlines() if "│ 2027 " in x)
    assert "国务院通知" in line and "10" in line and "tester" in line
    assert "chinesecalendar" in next(x for x in listed.stdout.splitlines() if "│ 2026 " in x)


def test_loading_other_content_for_a_loaded_year_needs_replace(cli: Cli, tmp_path: Path) -> None:
    assert cli("calendar", "load", str(_file(tmp_path, NOTICE_2027.encode()))).exit_code == 0
    other = _file(tmp_path, notice(workdays="[]"), "other.toml")
    refused = cli("calendar", "load", str(other))
    assert refused.exit_code == 1 and "--replace" in refused.stderr
    replaced = cli("calendar", "load", str(other), "--replace")
    assert replaced.exit_code == 0 and "已替换 2027 年" in replaced.stdout


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (notice(holidays='["2028-01-01"]'), "2028-01-01"),
        (notice(workdays='["2027-02-15"]'), "调休上班日应为周六或周日"),
        (b"not = [toml", "不是有效的 TOML 文件"),
        (b"", "文件为空"),
    ],
)
def test_a_bad_file_exits_1_with_the_rule_and_loads_nothing(
    cli: Cli, tmp_path: Path, content: bytes, fragment: str
) -> None:
    result = cli("calendar", "load", str(_file(tmp_path, content)))
    assert result.exit_code == 1
    assert fragment in result.stderr and "Traceback" not in result.stderr
    line = next(x for x in cli("calendar", "list").stdout.splitlines() if "│ 2027 " in x)
    assert "暂按周末计算" in line


def test_a_missing_file_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("calendar", "load", str(tmp_path / "nope.toml"))
    assert result.exit_code == 1 and "无法读取文件" in result.stderr
