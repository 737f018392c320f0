"""``beizeng demo generate`` and ``beizeng demo run`` end to end (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from beizeng.db import session_scope
from beizeng.models.institution import Institution
from tests.conftest import CliResult


def test_generate_writes_the_demo_and_prints_what_was_built(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    result = cli("demo", "generate", "--scale", "tiny", "--seed", "5", "--out", tmp_path / "d")
    assert result.exit_code == 0, result.stderr
    assert "2022-12" in result.stdout and "entities.csv" in result.stdout
    assert (tmp_path / "d" / "manifest.json").exists()


def test_generate_with_an_unknown_scale_exits_with_a_chinese_message(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    result = cli("demo", "generate", "--scale", "huge", "--out", tmp_path / "d")
    assert result.exit_code == 1
    assert "规模「huge」不存在" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_generates_into_the_home_imports_the_registry_and_skips_a_second_build(
    cli: Callable[..., CliResult], home: Path
) -> None:
    first = cli("demo", "run", "--scale", "tiny", "--seed", "2", "--no-serve")
    assert first.exit_code == 0, first.stderr
    announced = [line[2:] for line in first.stdout.splitlines() if line.startswith("▶ ")]
    assert announced == [
        "生成演示数据",
        "升级数据库并导入机构名录",
        "导入贷款台账与机构统计",
        "政策工具与财政支持：一年的工具台账",
        "综合金融服务平台：演示账户、产品与四项清单、融资需求",
        "首贷拓展与对接活动：无贷户名单、分配、闭环、政策库",
        "目标评估：定期通报、指标工作簿与督导通报",
    ]
    # The evaluation runs last: its bulletin is noted after the last step was announced.
    assert first.stdout.index("定期通报：") > first.stdout.index("▶ 目标评估")
    assert (home / "demo" / "manifest.json").exists()
    with session_scope() as session:
        codes = set(session.scalars(select(Institution.code)))
    assert {"ICBCLL", "LLRCB", "PICCLL", "LLFG"} <= codes
    second = cli("demo", "run", "--scale", "tiny", "--seed", "2", "--no-serve")
    assert second.exit_code == 0
    assert "跳过生成" in second.stdout
