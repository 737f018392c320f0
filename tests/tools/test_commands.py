"""``beizeng tools …`` end to end: ledgers imported by the CLI, statements out (C-3.2.1, C-3.2.2);
the maker and the checker sign in with ``--user`` and their password (and code) on stdin."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from beizeng.account import service as accounts
from beizeng.account import totp
from beizeng.db import session_scope
from beizeng.kit.clock import SystemClock
from tests.account.factories import PASSWORD, enrol_totp
from tests.conftest import CliResult
from tests.tools.factories import HEADERS, loan


def _csv(path: Path, rows: list[dict[str, str]], headers: list[str] = HEADERS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=headers)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _ledgers(cli: Callable[..., CliResult], tmp: Path) -> None:
    run = cli
    assert run("institutions", "import", "--packaged").exit_code == 0
    for period, balances in (
        ("2022-03", ("1000000", "250000.25")),
        ("2022-06", ("1100000", "333333.33")),
    ):
        rows = [loan("L1", balances[0]), loan("L2", balances[1])]
        path = _csv(tmp / f"ledger-{period}.csv", rows)
        result = run("ledger", "import", str(path), "--institution", "LLRCB", "--period", period)
        assert result.exit_code == 0, result.stderr


def test_support_tool_json_follows_the_documented_contract(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    _ledgers(cli, tmp_path)
    result = cli("tools", "support-tool", "--quarter", "2022Q2", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["quarter", "rate", "lines", "total"]
    assert data["quarter"] == "2022Q2" and data["rate"] == "0.02"
    assert data["lines"] == [
        {
            "institution": "LLRCB",
            "opening": "1250000.25",
            "closing": "1433333.33",
            "increase": "183333.08",
            "amount": "3666.66",  # 183,333.08 × 2% = 3,666.6616
        }
    ]
    assert data["total"] == data["lines"][0]["amount"] == "3666.66"
    out = tmp_path / "q2.xlsx"
    assert (
        cli(
            "tools", "support-tool", "--quarter", "2022Q2", "--format", "xlsx", "--out", str(out)
        ).exit_code
        == 0
    )
    sheet = load_workbook(out).worksheets[0]
    assert sheet["A3"].value == "LLRCB" and Decimal(str(sheet["E4"].value)) == Decimal("3666.66")


def _users(cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch) -> str:
    """A pboc maker without an authenticator and a pboc checker with one; the checker's secret."""
    for name in ("maker", "checker"):
        fed(monkeypatch, PASSWORD)
        made = cli("users", "create", "--role", "pboc", "--username", name, "--password-stdin")
        assert made.exit_code == 0, made.stderr
    with session_scope() as session:
        checker = accounts.principal_named(session, "checker")
        return enrol_totp(session, checker, at=SystemClock().now() - timedelta(minutes=5))


def fed(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    """What the next command reads on its standard input, one line each."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def test_a_relending_draw_flows_into_the_statistics_import(
    cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ledgers(cli, tmp_path)
    secret = _users(cli, monkeypatch)
    batch = _csv(
        tmp_path / "batch.csv",
        [{"借据编号": "L1", "贷款余额": "1100000"}],
        ["借据编号", "贷款余额"],
    )
    apply = ("tools", "relending", "apply", str(batch), "--bank", "LLRCB", "--period", "2022-06")
    fed(monkeypatch, PASSWORD)
    applied = cli(
        *apply, "--term", "6m", "--on", "2022-07-04", "--user", "maker", "--password-stdin"
    )
    assert applied.exit_code == 0, applied.stderr
    approve = ("tools", "relending", "approve", "1", "--date", "2022-07-05")
    fed(monkeypatch, PASSWORD)
    same = cli(*approve, "--user", "maker", "--password-stdin")
    assert same.exit_code == 1 and "须在登录时通过动态口令验证" in same.stderr
    fed(monkeypatch, PASSWORD, "000000")
    wrong = cli(*approve, "--user", "checker", "--password-stdin")
    assert wrong.exit_code == 1 and "动态口令不正确" in wrong.stderr
    fed(monkeypatch, PASSWORD, totp.code_at(secret, SystemClock().now()))
    approved = cli(*approve, "--user", "checker", "--password-stdin")
    assert approved.exit_code == 0, approved.stderr
    fed(monkeypatch, PASSWORD)
    again = cli(*apply, "--user", "maker", "--password-stdin")
    assert again.exit_code == 1 and "不能重复申领" in again.stderr
    listed = cli("tools", "relending", "list")
    assert listed.exit_code == 0 and "已发放" in listed.stdout
    out = tmp_path / "stats.csv"
    assert cli("tools", "stats-export", "--period", "2022-07", "--out", str(out)).exit_code == 0
    assert out.read_text("utf-8").splitlines() == [
        "period,institution_code,metric,value",
        "2022-07,LLRCB,relending_balance,1100000.00",
    ]
    imported = cli("stats", "import", str(out))
    assert imported.exit_code == 0, imported.stderr


def test_maker_and_checker_commands_take_no_free_form_name(
    cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ledgers(cli, tmp_path)
    _users(cli, monkeypatch)
    approve = ("tools", "relending", "approve", "1", "--date", "2022-07-05")
    gone = cli(*approve, "--as", "checker")
    assert gone.exit_code == 2 and "--as" in gone.stderr
    nobody = cli(*approve)
    assert nobody.exit_code == 2 and "须用 --user" in nobody.stderr
    fed(monkeypatch, "not-the-password1")
    bad = cli("tools", "subsidy", "approve", "1", "--user", "checker", "--password-stdin")
    assert bad.exit_code == 1 and "用户名或密码不正确" in bad.stderr
    fed(monkeypatch, "bz_not-a-real-token")
    token = cli(
        "tools", "rediscount", "serve", "--bank", "LLRCB", "--date", "2022-07-05", "--token"
    )
    assert token.exit_code == 1 and "API 令牌无效" in token.stderr
