"""``beizeng ledger …`` and ``beizeng stats …`` end to end (a committed database per test)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook

from beizeng.ledger import rules
from tests.conftest import CliResult
from tests.ledger.builders import row, write_csv

Cli = Callable[..., CliResult]


def _registry(cli: Cli) -> None:
    assert cli("institutions", "import", "--packaged").exit_code == 0


def test_template_has_chinese_headers_notes_dropdowns_formats_and_instructions(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "ledger-template.xlsx"
    assert cli("ledger", "template", "--out", out).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["贷款台账", "填写说明", "使用说明"]
    data = book["贷款台账"]
    assert [c.value for c in data[1]] == [c.chinese for c in rules.COLUMNS]
    assert data.max_row == 1
    lists = {
        str(v.sqref).split(":")[0][:-1]: v.formula1
        for v in data.data_validations.dataValidation
        if v.type == "list"
    }
    assert lists["D"] == '"企业,个体工商户,小微企业主,农户,个人,其他"'
    assert lists["P"] == '"是,否"' and len(lists) == 6 + 4
    assert data.column_dimensions["B"].number_format == "@"
    assert data.column_dimensions["L"].number_format == "yyyy-mm-dd"
    assert data.column_dimensions["K"].number_format == "0.00"
    notes = [r[1] for r in book["填写说明"].iter_rows(min_row=2, values_only=True)]
    assert notes == list(rules.COLUMN_NAMES)
    assert "万元" in " ".join(str(r[0]) for r in book["使用说明"].iter_rows(values_only=True))


def test_filled_template_imports_and_shows_up_in_history_show_and_verify(
    cli: Cli, tmp_path: Path
) -> None:
    _registry(cli)
    out = tmp_path / "filled.xlsx"
    cli("ledger", "template", "--out", out)
    book = load_workbook(out)
    sheet = book["贷款台账"]
    for n in (1, 2):
        sheet.append([row(n)[name] for name in rules.COLUMN_NAMES])
    sheet.append(
        [
            row(
                3,
                borrower_type="个体工商户",
                enterprise_size="",
                ownership="",
                borrower_id="92141102000000003" + "X",
            )[n]
            for n in rules.COLUMN_NAMES
        ]
    )
    book.save(out)
    bad = cli("ledger", "import", out, "--institution", "ICBCLL", "--period", "2022-06")
    assert bad.exit_code == 1 and "第 4 行" in bad.stderr and "未写入任何数据" in bad.stderr
    sheet.delete_rows(4)
    book.save(out)
    ok = cli("ledger", "import", out, "--institution", "ICBCLL", "--period", "2022-06")
    assert ok.exit_code == 0, ok.stderr
    assert "2 笔，贷款余额 6,000,000.00 元" in ok.stdout
    history = cli("ledger", "history")
    assert "ICBCLL" in history.stdout and "现行" in history.stdout
    show = cli("ledger", "show", "--institution", "ICBCLL", "--period", "2022-06")
    assert (
        show.exit_code == 0
        and "企业" in show.stdout
        and "普惠小微贷款（人民银行口径）" in show.stdout
    )
    assert "6,000,000.00" in show.stdout
    verify = cli("ledger", "verify")
    assert verify.exit_code == 0 and "全部与登记一致" in verify.stdout


def test_import_errors_go_to_console_and_to_the_errors_workbook(cli: Cli, tmp_path: Path) -> None:
    _registry(cli)
    path = write_csv(tmp_path / "bad.csv", [row(n, balance="1,000") for n in range(1, 61)])
    out = tmp_path / "errors.xlsx"
    result = cli(
        "ledger",
        "import",
        path,
        "--institution",
        "ICBCLL",
        "--period",
        "2022-06",
        "--errors-out",
        out,
    )
    assert result.exit_code == 1
    assert "发现 60 处错误" in result.stderr and "另有 10 处错误未列出" in result.stderr
    assert load_workbook(out)["错误清单"].max_row == 61
    assert "没有" not in cli("ledger", "history").stderr


def test_bad_period_and_unknown_institution_are_refused_in_chinese(
    cli: Cli, tmp_path: Path
) -> None:
    _registry(cli)
    path = write_csv(tmp_path / "a.csv", [row(1)])
    month = cli("ledger", "import", path, "--institution", "ICBCLL", "--period", "2022-13")
    assert month.exit_code == 2 and "内部错误" not in month.stderr  # a usage error, before the db
    assert "--period 的值「2022-13」不是期间：须为 YYYY-MM（月份 01–12）" in month.stderr
    unknown = cli("ledger", "import", path, "--institution", "NOPE", "--period", "2022-06")
    assert unknown.exit_code == 1 and "机构代码「NOPE」不在机构名录中" in unknown.stderr
    missing = cli("ledger", "show", "--institution", "ICBCLL", "--period", "2022-06")
    assert missing.exit_code == 1 and "没有 2022-06 的台账报送记录" in missing.stderr


def test_stats_template_and_import_supersede_keeping_history(cli: Cli, tmp_path: Path) -> None:
    _registry(cli)
    template = tmp_path / "stats.xlsx"
    assert cli("stats", "template", "--out", template).exit_code == 0
    assert [c.value for c in load_workbook(template)["机构统计"][1]] == [
        "期间",
        "机构代码",
        "指标",
        "数值",
    ]
    path = tmp_path / "stats.csv"
    path.write_text(
        "期间,机构代码,指标,数值\n2022-06,ICBCLL,deposits,1000.5\n2022-06,ICBCLL,各项存款余额,9\n",
        encoding="utf-8",
    )
    dup = cli("stats", "import", path)
    assert dup.exit_code == 1 and "同一期间、机构、指标重复" in dup.stderr
    path.write_text(
        "period,institution_code,metric,value\n2022-06,ICBCLL,deposits,1000.5\n2022-06,ICBCLL,new_metric,1\n",
        encoding="utf-8",
    )
    first = cli("stats", "import", path)
    assert (
        first.exit_code == 0 and "新增 2 个数值" in first.stdout and "不是已知指标" in first.stdout
    )
    path.write_text(
        "period,institution_code,metric,value\n2022-06,ICBCLL,deposits,2000\n2022-06,ICBCLL,new_metric,1\n",
        encoding="utf-8",
    )
    again = cli("stats", "import", path)
    assert "新增 1 个数值（其中取代旧值 1 个），未变 1 个" in again.stdout


def test_stats_bad_rows_are_all_reported(cli: Cli, tmp_path: Path) -> None:
    _registry(cli)
    path = tmp_path / "stats.csv"
    path.write_text(
        "period,institution_code,metric,value\n2022-13,ICBCLL,deposits,1\n2022-06,NOPE,deposits,1\n"
        "2022-06,ICBCLL,Bad Metric,1\n2022-06,ICBCLL,deposits,1,000\n2022-06,ICBCLL,deposits,5万\n",
        encoding="utf-8",
    )
    result = cli("stats", "import", path)
    assert result.exit_code == 1
    for text in (
        "第 2 行",
        "月份 13 不存在",
        "第 3 行",
        "机构代码不在机构名录中",
        "第 4 行",
        "指标代码应为",
        "第 6 行",
        "不接受万元",
    ):
        assert text in result.stderr
