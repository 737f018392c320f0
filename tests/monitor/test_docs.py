"""The documented JSON contract (docs/monitor.md) and the CLI agree."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from beizeng.monitor.schemas import EvaluationOut
from tests.conftest import CliResult

DOC = Path(__file__).resolve().parents[2] / "docs" / "monitor.md"


def documented_example() -> dict[str, Any]:
    match = re.search(r"```json\n(.*?)\n```", DOC.read_text("utf-8"), re.S)
    assert match, "docs/monitor.md has no JSON example"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def keys(document: dict[str, Any]) -> tuple[set[str], set[str], set[str]]:
    return (
        set(document),
        set().union(*(r.keys() for r in document["results"])),
        set().union(*(i.keys() for i in document["indicators"])),
    )


def test_documented_example_is_valid() -> None:
    example = documented_example()
    EvaluationOut.model_validate(example)
    money = example["indicators"][0]
    assert re.fullmatch(r"-?\d+\.\d\d", money["value"])


def test_json_output_has_the_documented_shape(
    example_home: Path, cli: Callable[..., CliResult]
) -> None:
    result = cli("monitor", "evaluate", "--period", "2022-12", "--format", "json")
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)
    EvaluationOut.model_validate(output)
    assert keys(output) == keys(documented_example())
    city_loans = next(
        i for i in output["indicators"] if i["metric"] == "loans" and i["subject"] == "141100"
    )
    assert (city_loans["value"], city_loans["previous"], city_loans["growth"]) == (
        "7200000.00",
        "2400000.00",
        2.0,
    )
    open_ = [r for r in output["results"] if r["met"] is None]
    assert open_ and all(r["reason"] for r in open_)


def test_table_and_xlsx_formats(
    example_home: Path, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    table = cli("monitor", "evaluate", "--period", "2022-12")
    assert table.exit_code == 0 and "达标" in table.stdout
    out = tmp_path / "eval.xlsx"
    book = cli("monitor", "evaluate", "--period", "2022-12", "--format", "xlsx", "--out", out)
    assert book.exit_code == 0
    assert load_workbook(out).sheetnames[0] == "目标评估"


def test_period_without_ledgers_is_a_clear_error(
    example_home: Path, cli: Callable[..., CliResult]
) -> None:
    result = cli("monitor", "evaluate", "--period", "2022-06")
    assert result.exit_code == 1
    assert "没有 2022-06 的已接收贷款台账" in result.stderr and "Traceback" not in result.stderr


def test_broken_plan_file_is_a_clear_error(
    example_home: Path, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    plan = tmp_path / "bad.toml"
    plan.write_text('id = "x"\ntitle = "x"\nyear = 2022\n[[targets]]\nid = "a"\n', "utf-8")
    result = cli("monitor", "evaluate", "--period", "2022-12", "--plan", plan)
    assert result.exit_code == 1
    assert f"计划文件 {plan}，目标「a」，字段「title」：必须填写" in result.stderr
