"""``beizeng submissions remind|board`` (issue 13 point 1): the timer's reminder, once per bank
and period."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from beizeng.db import session_scope
from beizeng.models.notification import Notification
from tests.account.factories import create_bank_user, create_institution
from tests.conftest import CliResult


def test_remind_notifies_each_missing_bank_once_per_period(
    cli: Callable[..., CliResult], home: Path
) -> None:
    with session_scope() as s:
        bank = create_institution(s, name="吕梁催报测试银行")
        create_bank_user(s, bank)
        create_bank_user(s, bank)
        bank_id = bank.id
    first = cli("submissions", "remind", "--period", "2026-10")
    assert first.exit_code == 0, first.stderr
    assert "吕梁催报测试银行" in first.stdout and "新发送提醒 2 条" in first.stdout
    again = cli("submissions", "remind", "--period", "2026-10")
    assert again.exit_code == 0 and "新发送提醒 0 条" in again.stdout
    with session_scope() as s:
        keys = {n.dedupe_key for n in s.scalars(select(Notification))}
    assert keys == {f"ledger_missing:{bank_id}:2026-10"}

    board = cli("submissions", "board", "--period", "2026-10")
    assert board.exit_code == 0 and "逾期未报送" in board.stdout


def test_a_bad_period_is_a_usage_error_in_chinese(cli: Callable[..., CliResult]) -> None:
    bad = cli("submissions", "remind", "--period", "2026-13")
    assert bad.exit_code == 2 and "2026-13" in bad.stderr
