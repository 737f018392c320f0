"""User text is printed as written: a name or ledger cell such as ``[/b]`` or ``[red]x[/red]`` is
data, not Rich markup (a stray closing tag used to be a MarkupError, that is 「内部错误」)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult

NAMES = ("[/b]吕梁测试银行", "[red]x[/red]农商行")


def _registry(tmp_path: Path) -> Path:
    path = tmp_path / "机构.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["code", "name", "category", "legal_scope", "county_code", "superior"])
        writer.writerow(["TESTB", NAMES[0], "rural_bank", "local", "141102", "[bold]上级[/bold]"])
        writer.writerow(["TESTR", NAMES[1], "rural_bank", "local", "141102", ""])
    return path


def test_institution_names_are_printed_verbatim(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    assert cli("institutions", "import", str(_registry(tmp_path))).exit_code == 0
    listed = cli("institutions", "list")
    assert listed.exit_code == 0, listed.stderr
    for name in (*NAMES, "[bold]上级[/bold]"):
        assert name in listed.stdout


def test_a_ledger_cell_is_printed_verbatim(
    cli: Callable[..., CliResult], clerk: Callable[[], list[str]], tmp_path: Path
) -> None:
    assert cli("institutions", "import", str(_registry(tmp_path))).exit_code == 0
    assert cli("tools", "params", "load").exit_code == 0
    bills = tmp_path / "票据.csv"
    with bills.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["票据号码", "出票人", "承兑人", "票面金额", "到期日", "绿色票据"])
        writer.writerow(["[/b]", "[red]x[/red]", "某银行", "100000", "2022-11-30", "是"])
    applied = cli(
        "tools",
        "rediscount",
        "apply",
        str(bills),
        "--bank",
        "TESTB",
        "--on",
        "2022-09-01",
        *clerk(),
    )
    assert applied.exit_code == 0, applied.stderr
    listed = cli("tools", "rediscount", "list")
    assert listed.exit_code == 0, listed.stderr
    assert "[/b]" in listed.stdout
