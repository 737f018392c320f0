"""The readiness decisions, values in and values out."""

from __future__ import annotations

from datetime import date

from beizeng.health import rules
from beizeng.health.rules import Check


def test_ready_only_when_every_check_passed() -> None:
    passed = Check("database", True, "数据库可以连接")
    failed = Check("migrations", False, "数据库结构不是最新版本", "运行 beizeng db upgrade")
    assert rules.is_ready([passed])
    assert not rules.is_ready([passed, failed])
    assert not rules.is_ready([])


def test_calendar_must_cover_today_and_the_next_thirty_days() -> None:
    assert rules.calendar_window(date(2026, 12, 2)) == (date(2026, 12, 2), date(2027, 1, 1))


def test_uncovered_years_are_named_with_the_command_that_loads_them() -> None:
    check = rules.calendar_check(start=date(2031, 12, 15), end=date(2032, 1, 14), gaps=[2032, 2031])
    assert not check.ok
    assert "2031、2032 年的节假日安排尚未载入" in check.detail
    assert "2031-12-15 至 2032-01-14" in check.detail
    assert check.remedy == "载入 2031、2032 年节假日安排：beizeng calendar load FILE.toml"


def test_covered_calendar_passes_without_a_remedy() -> None:
    check = rules.calendar_check(start=date(2022, 6, 6), end=date(2022, 7, 6), gaps=[])
    assert check.ok and check.remedy == ""
    assert check.title == "节假日安排"


def test_a_home_without_ledgers_yet_is_ready_but_records_without_a_folder_are_not() -> None:
    fresh = rules.ledger_check(folder="missing", recorded=0, sampled=0, missing=0)
    assert fresh.ok
    lost = rules.ledger_check(folder="missing", recorded=3, sampled=0, missing=0)
    assert not lost.ok
    assert "3 份现行台账" in lost.detail
    assert "BEIZENG_HOME" in lost.remedy


def test_missing_parquet_files_fail_the_ledger_check_with_the_verify_command() -> None:
    check = rules.ledger_check(folder="ok", recorded=10, sampled=10, missing=2)
    assert not check.ok
    assert check.detail == "抽查 10 份现行台账，其中 2 个 Parquet 文件缺失或无法读取"
    assert "beizeng ledger verify" in check.remedy


def test_unreadable_ledger_folder_says_to_fix_permissions() -> None:
    check = rules.ledger_check(folder="unreadable", recorded=1, sampled=0, missing=0)
    assert not check.ok and "chown" in check.remedy


def test_behind_schema_is_fixed_by_db_upgrade() -> None:
    assert rules.migrations_check(False).remedy == "运行 beizeng db upgrade"
    assert rules.migrations_check(True).ok


def test_checks_after_an_unreachable_database_count_as_failed() -> None:
    check = rules.not_checked("ledger", "数据库无法连接")
    assert not check.ok and check.detail == "未检查：数据库无法连接"
