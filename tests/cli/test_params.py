"""Command-line values in the wrong form are a Chinese usage error, never 「内部错误」."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from beizeng.console.params import (
    ValueMalformed,
    parse_date,
    parse_decimal,
    parse_period,
    parse_quarter,
)
from beizeng.kit.periods import Period, Quarter
from tests.conftest import CliResult


def test_parses_iso_dates_periods_and_quarters() -> None:
    assert parse_date("2022-07-05") == date(2022, 7, 5)
    assert parse_period("2022-06") == Period(2022, 6)
    assert parse_quarter("2022Q2") == Quarter(2022, 2)


def test_reads_thousands_separators_as_such() -> None:
    assert parse_decimal("1,000") == Decimal("1000")
    assert parse_decimal("1,234,567.89") == Decimal("1234567.89")
    assert parse_decimal("0.0175") == Decimal("0.0175")


@pytest.mark.parametrize("text", ["1,00", "12,5", "abc", "1.2.3", "NaN", "Infinity", ""])
def test_refuses_what_is_not_a_plain_number(text: str) -> None:
    with pytest.raises(ValueMalformed) as refused:
        parse_decimal(text)
    assert refused.value.problem == "不是数字：如 1000、1,000 或 0.0175"


@pytest.mark.parametrize(
    ("parse", "text", "problem"),
    [
        (parse_date, "2022/07/05", "不是日期：格式须为 YYYY-MM-DD，如 2022-07-05"),
        (parse_date, "2022-02-30", "不是日期：格式须为 YYYY-MM-DD，如 2022-07-05"),
        (parse_period, "2022-13", "不是期间：须为 YYYY-MM（月份 01–12），如 2022-06"),
        (parse_quarter, "2022-06", "不是季度：格式须为 YYYYQn，如 2022Q2"),
    ],
)
def test_refusals_say_the_value_and_the_form(
    parse: Callable[[str], object], text: str, problem: str
) -> None:
    with pytest.raises(ValueMalformed) as refused:
        parse(text)
    assert refused.value.value == text and refused.value.problem == problem


def _refused(result: CliResult) -> str:
    assert result.exit_code == 2, result.stderr
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
    return result.stderr


def test_a_slashed_date_names_the_option_the_value_and_the_form(
    cli: Callable[..., CliResult],
) -> None:
    stderr = _refused(cli("tools", "relending", "approve", "1", "--date", "2022/07/05"))
    assert "--date 的值「2022/07/05」不是日期：格式须为 YYYY-MM-DD，如 2022-07-05" in stderr


def test_a_malformed_amount_names_the_option(cli: Callable[..., CliResult]) -> None:
    result = cli("tools", "relending", "repay", "1", "--amount", "1,00", "--date", "2022-07-05")
    assert "--amount 的值「1,00」不是数字" in _refused(result)


def test_an_amount_with_thousands_separators_reaches_the_service(
    cli: Callable[..., CliResult], clerk: Callable[[], list[str]]
) -> None:
    result = cli(
        "tools", "relending", "repay", "1", "--amount", "1,000", "--date", "2022-07-05", *clerk()
    )
    assert result.exit_code == 1 and "再贷款申请批次 1 不存在" in result.stderr


def test_a_malformed_argument_is_named_by_its_metavar(cli: Callable[..., CliResult]) -> None:
    stderr = _refused(cli("platform", "overdue", "2022/06"))
    assert "PERIOD 的值「2022/06」不是期间" in stderr


def test_a_date_option_of_each_former_parser_is_checked_before_the_database(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    for argv in (
        ("platform", "sweep", "--date", "06/13"),
        ("monitor", "notices", "--period", "2022-06", "--out", str(tmp_path), "--date", "x"),
        ("ref", "workdays", "add", "2022/06/13", "5"),
    ):
        assert re.search("不是(成文)?日期", _refused(cli(*argv))), argv


def test_an_output_below_a_file_is_a_clear_error(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    (tmp_path / "plain").write_text("x")
    below = str(tmp_path / "plain" / "out.xlsx")
    for argv in (
        ("tools", "rediscount", "list", "--out", below),
        ("ledger", "template", "--out", below),
        ("stats", "template", "--out", below),
    ):
        result = cli(*argv)
        assert result.exit_code == 1 and "内部错误" not in result.stderr, argv
        assert f"无法创建目录 {tmp_path / 'plain'}" in result.stderr, argv


def test_an_output_in_a_missing_folder_creates_it(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / "新建" / "bills.xlsx"
    result = cli("tools", "rediscount", "list", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_size > 0
