"""``beizeng tools …`` end to end: ledgers imported by the CLI, statements out (C-3.2.1, C-3.2.2)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

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


def test_a_relending_draw_flows_into_the_statistics_import(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    _ledgers(cli, tmp_path)
    batch = _csv(
        tmp_path / "batch.csv",
        [{"借据编号": "L1", "贷款余额": "1100000"}],
        ["借据编号", "贷款余额"],
    )
    applied = cli(
        "tools",
        "relending",
        "apply",
        str(batch),
        "--bank",
        "LLRCB",
        "--period",
        "2022-06",
        "--term",
        "6m",
        "--on",
        "2022-07-04",
    )
    assert applied.exit_code == 0, applied.stderr
    same = cli("tools", "relending", "approve", "1", "--date", "2022-07-05")
    assert same.exit_code == 1 and "须由另一人审批" in same.stderr
    assert (
        cli(
            "tools", "relending", "approve", "1", "--date", "2022-07-05", "--as", "checker"
        ).exit_code
        == 0
    )
    again = cli("tools", "relending", "apply", str(batch), "--bank", "LLRCB", "--period", "2022-06")
    assert again.exit_code == 1 and "不能重复申领" in again.stderr
    out = tmp_path / "stats.csv"
    assert cli("tools", "stats-export", "--period", "2022-07", "--out", str(out)).exit_code == 0
    assert out.read_text("utf-8").splitlines() == [
        "period,institution_code,metric,value",
        "2022-07,LLRCB,relending_balance,1100000.00",
    ]
    imported = cli("stats", "import", str(out))
    assert imported.exit_code == 0, imported.stderr
