"""beizeng doctor: the readiness checks in Chinese, what to do, and the exit code."""

from __future__ import annotations

from collections.abc import Callable

from beizeng import db
from tests.conftest import CliResult
from tests.health.conftest import set_schema_behind


def test_doctor_exits_0_when_every_check_passes(cli: Callable[..., CliResult]) -> None:
    result = cli("doctor", "--date", "2022-06-06")
    assert result.exit_code == 0, result.stdout + result.stderr
    for title in ("数据库连接", "数据库结构", "台账文件", "节假日安排"):
        assert title in result.stdout
    assert "未通过" not in result.stdout
    assert "全部检查通过" in result.stdout


def test_doctor_exits_1_and_says_how_to_load_an_uncovered_year(
    cli: Callable[..., CliResult],
) -> None:
    result = cli("doctor", "--date", "2031-06-02")
    assert result.exit_code == 1
    assert "2031 年的节假日安排尚未载入" in result.stdout
    assert "载入 2031 年节假日安排：beizeng calendar load FILE.toml" in result.stdout
    assert "1 项检查未通过" in result.stdout


def test_doctor_reports_a_schema_behind_without_upgrading_it(
    cli: Callable[..., CliResult], fresh_db_url: str
) -> None:
    engine = db.make_engine(fresh_db_url)
    try:
        set_schema_behind(engine)
        result = cli("doctor", "--date", "2022-06-06")
        assert result.exit_code == 1
        assert "数据库结构不是最新版本" in result.stdout
        assert "运行 beizeng db upgrade" in result.stdout
        assert not db.is_current(engine)
    finally:
        engine.dispose()


def test_doctor_refuses_a_malformed_date(cli: Callable[..., CliResult]) -> None:
    result = cli("doctor", "--date", "2022/06/06")
    assert result.exit_code == 2
    assert "--date 的值「2022/06/06」不是日期" in result.stderr
