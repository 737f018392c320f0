"""``beizeng notices remind`` (the timer's sweep) and ``beizeng notices list`` (the tracking
table for a pboc or gov user)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select

from beizeng.db import session_scope
from beizeng.models.notification import Notification
from tests.conftest import CliResult
from tests.notice.helpers import notice, registry


def test_remind_sends_each_overdue_reminder_once_and_list_shows_the_stages(
    cli: Callable[..., CliResult],
) -> None:
    with session_scope() as session:
        r = registry(session)
        notice(session, r.noticed, deadline=date(2022, 8, 5))  # long past: overdue
        notice(session, r.other, deadline=date(2099, 12, 31))  # far off: no reminder yet
        bank_user, other_user = r.bank.user_id, r.other_bank.user_id
        pboc, bank = r.pboc.username, r.bank.username
    first = cli("notices", "remind")
    assert first.exit_code == 0, first.stderr
    assert "已逾期 1 份" in first.stdout and "整改期限将至 0 份" in first.stdout
    again = cli("notices", "remind")
    assert "已逾期 0 份" in again.stdout
    with session_scope() as session:
        sent = session.scalars(select(Notification).where(Notification.kind == "rectification_due"))
        assert [n.user_id for n in sent] == [bank_user]
        assert other_user != bank_user

    listed = cli("notices", "list", "--user", pboc, "--period", "2022-06")
    assert listed.exit_code == 0, listed.stderr
    assert "甲银行吕梁分行" in listed.stdout and "逾期未报送整改措施" in listed.stdout
    assert "乙银行吕梁分行" in listed.stdout and "待签收" in listed.stdout
    refused = cli("notices", "list", "--user", bank)
    assert refused.exit_code != 0 and "通报整改跟踪" in refused.stderr
    bad = cli("notices", "list", "--user", pboc, "--period", "2022-13")
    assert bad.exit_code == 2 and "--period" in bad.stderr
