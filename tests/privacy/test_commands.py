"""``beizeng privacy reads``: the log of whole values read, for pboc only."""

from __future__ import annotations

from collections.abc import Callable

from beizeng.db import session_scope
from beizeng.privacy import service
from tests.account.factories import NOW, create_user
from tests.conftest import CliResult


def test_pboc_lists_the_reads_on_the_command_line_and_gov_may_not(
    cli: Callable[..., CliResult],
) -> None:
    with session_scope() as session:
        create_user(session, "pboc", username="auditor")
        gov = create_user(session, "gov", username="officer")
        service.reveal(
            session,
            principal=gov,
            subject="enterprise:7",
            field="phone",
            value="13812345678",
            purpose="督办核查",
            now=NOW,
        )
    listed = cli("privacy", "reads", "--user", "auditor")
    assert listed.exit_code == 0, listed.stderr
    assert "officer" in listed.stdout and "督办核查" in listed.stdout
    assert "13812345678" not in listed.stdout
    refused = cli("privacy", "reads", "--user", "officer")
    assert refused.exit_code != 0 and "个人信息查阅记录" in refused.stderr
