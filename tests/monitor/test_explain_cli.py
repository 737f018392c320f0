"""``beizeng monitor explain``: the CLI contract of issue 14 point 3, kept exact (JSON with
money as two-decimal strings and counts as integers; xlsx to a file), bad input in Chinese."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import CliResult

CONTRACT_ROW = {"institution", "submission_id", "loan_id", "borrower_id", "balance", "reasons"}


def _explain(cli: Callable[..., CliResult], *args: str) -> CliResult:
    return cli("monitor", "explain", "--period", "2022-12", *args)


def test_json_of_a_balance_metric_adds_up_to_its_value(
    example_home: Path, cli: Callable[..., CliResult]
) -> None:
    result = _explain(cli, "--metric", "inclusive_smb", "--subject", "141100", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"period", "metric", "subject", "value", "rows"} <= set(data)
    assert (data["period"], data["metric"], data["subject"]) == (
        "2022-12",
        "inclusive_smb",
        "141100",
    )
    assert data["value"] == "1150000.00"
    assert all(set(r) >= CONTRACT_ROW for r in data["rows"])
    assert sum(Decimal(r["balance"]) for r in data["rows"]) == Decimal(data["value"])
    assert all(
        r["balance"].count(".") == 1 and len(r["balance"].split(".")[1]) == 2 for r in data["rows"]
    )
    assert {r["version"] for r in data["rows"]} == {1}
    assert all(r["submission_id"] and r["reasons"] for r in data["rows"])


def test_json_of_a_borrower_count_has_one_row_per_borrower(
    example_home: Path, cli: Callable[..., CliResult]
) -> None:
    result = _explain(cli, "--metric", "inclusive_smb_borrowers", "--subject", "141100")
    data = json.loads(result.stdout)
    assert isinstance(data["value"], int) and len(data["rows"]) == data["value"] == 3
    assert len({r["borrower_id"] for r in data["rows"]}) == 3


def test_xlsx_needs_out_and_writes_typed_cells(
    example_home: Path, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    refused = _explain(cli, "--metric", "loans", "--subject", "BANKA", "--format", "xlsx")
    assert refused.exit_code != 0 and "xlsx 格式需要用 --out 指定输出文件" in refused.stderr
    out = tmp_path / "explain.xlsx"
    result = _explain(
        cli, "--metric", "loans", "--subject", "BANKA", "--format", "xlsx", "--out", str(out)
    )
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames == ["概要", "构成", "明细"]
    summary = {r[0]: r[1] for r in book["概要"].iter_rows(values_only=True)}
    assert summary["主体"] == "甲银行吕梁分行" and summary["数值（元）"] == 6650000
    rows = list(book["明细"].iter_rows(values_only=True))
    assert rows[0][8] == "余额（元）" and rows[0][3] == "版本"
    assert sum(Decimal(str(r[8])) for r in rows[1:]) == Decimal("6650000")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--metric", "nope", "--subject", "141100"), "指标「nope」不存在"),
        (("--metric", "loans", "--subject", "NOPE"), "主体「NOPE」"),
        (("--metric", "loans", "--subject", "141100", "--format", "csv"), "--format"),
    ],
)
def test_bad_input_is_a_chinese_message_without_traceback(
    example_home: Path, cli: Callable[..., CliResult], args: tuple[str, ...], message: str
) -> None:
    result = _explain(cli, *args)
    assert result.exit_code != 0 and message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_bad_or_empty_period_is_named(example_home: Path, cli: Callable[..., CliResult]) -> None:
    bad = cli(
        "monitor", "explain", "--period", "2022-13", "--metric", "loans", "--subject", "141100"
    )
    assert bad.exit_code != 0 and "不是期间" in bad.stderr
    empty = cli(
        "monitor", "explain", "--period", "2022-11", "--metric", "loans", "--subject", "141100"
    )
    assert empty.exit_code != 0 and "没有 2022-11 的已接收贷款台账" in empty.stderr
