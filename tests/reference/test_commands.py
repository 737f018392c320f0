"""``beizeng ref …`` lookups: Chinese tables on success, the broken rule and exit 1 on bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult

Cli = Callable[..., CliResult]


def test_ref_uscc_splits_a_valid_code(cli: Cli) -> None:
    result = cli("ref", "uscc", "N2141124MF00000015")
    assert result.exit_code == 0, result.stderr
    assert "N 农业" in result.stdout
    assert "2 村级集体经济组织" in result.stdout
    assert "山西省吕梁市临县" in result.stdout


def test_ref_uscc_reports_expected_and_given_check_character(cli: Cli) -> None:
    result = cli("ref", "uscc", "91110000600037341N")
    assert result.exit_code == 1
    assert "校验码应为「L」，实际为「N」" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_ref_id_shows_masked_number_birth_sex_and_historic_region(cli: Cli) -> None:
    result = cli("ref", "id", "142302198503150018")
    assert result.exit_code == 0, result.stderr
    assert "142302********0018" in result.stdout
    assert "142302198503150018" not in result.stdout
    assert "1985-03-15" in result.stdout
    assert "男" in result.stdout
    assert "吕梁地区离石市" in result.stdout
    assert "141102 离石区" in result.stdout


def test_ref_id_refuses_an_impossible_birth_date(cli: Cli) -> None:
    result = cli("ref", "id", "360426199113010079")
    assert result.exit_code == 1
    assert "出生日期「19911301」" in result.stderr


def test_ref_region_lists_the_thirteen_counties_of_luliang(cli: Cli) -> None:
    result = cli("ref", "region", "吕梁")
    assert result.exit_code == 0, result.stderr
    assert "吕梁市下辖 13 个区划" in result.stdout
    for county in ("离石区", "柳林县", "孝义市", "汾阳市"):
        assert county in result.stdout


def test_ref_industry_shows_path_groups_and_sizing_group(cli: Cli) -> None:
    result = cli("ref", "industry", "7291")
    assert result.exit_code == 0, result.stderr
    assert "L7291" in result.stdout
    assert "旅行社及相关服务" in result.stdout
    assert "租赁和商务服务业" in result.stdout


def test_ref_industry_names_the_rule_of_a_bad_code(cli: Cli) -> None:
    result = cli("ref", "industry", "B30")
    assert result.exit_code == 1
    assert "门类「B」与大类 30（属门类 C）不符" in result.stderr


def test_ref_size_classifies_and_gives_the_reason(cli: Cli) -> None:
    result = cli(
        "ref", "size", "--industry", "C3011", "--employees", "50",
        "--revenue", "3000", "--assets", "2000",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "小型" in result.stdout
    assert "工信部联企业〔2011〕300号" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment", "code"),
    [
        (("--industry", "C3011", "--employees", "50"), "营业收入", 1),
        # a malformed number is a usage error (exit 2), refused before anything is computed
        (
            ("--industry", "C3011", "--employees", "50", "--revenue", "三千"),
            "--revenue 的值「三千」不是数字",
            2,
        ),
    ],
)
def test_ref_size_names_missing_or_malformed_indicators(
    cli: Cli, args: tuple[str, ...], fragment: str, code: int
) -> None:
    result = cli("ref", "size", *args)
    assert result.exit_code == code and "内部错误" not in result.stderr
    assert fragment in result.stderr


def test_ref_workdays_add_crosses_national_day(cli: Cli) -> None:
    result = cli("ref", "workdays", "add", "2022-09-30", "5")
    assert result.exit_code == 0, result.stderr
    assert "2022-10-12（星期三）" in result.stdout


def test_ref_workdays_between_counts_working_days(cli: Cli) -> None:
    result = cli("ref", "workdays", "between", "2022-09-30", "2022-10-12")
    assert result.exit_code == 0, result.stderr
    assert "│ 5 " in result.stdout


def test_ref_workdays_counts_a_year_without_a_notice_provisionally_and_says_so(cli: Cli) -> None:
    result = cli("ref", "workdays", "add", "2026-12-31", "1")
    assert result.exit_code == 0, result.stderr
    assert "2027-01-01（星期五）" in result.stdout
    assert "2027 年节假日安排尚未载入，暂按周末计算" in result.stderr


def test_ref_workdays_follows_a_loaded_notice_without_a_warning(cli: Cli, tmp_path: Path) -> None:
    notice = tmp_path / "2027.toml"
    notice.write_text(
        'year = 2027\nsource = "国办发明电〔2026〕N号"\n'
        'holidays = ["2027-01-01", "2027-01-02", "2027-01-03"]\nworkdays = []\n',
        encoding="utf-8",
    )
    assert cli("calendar", "load", str(notice)).exit_code == 0
    result = cli("ref", "workdays", "add", "2026-12-31", "1")
    assert result.exit_code == 0, result.stderr
    assert "2027-01-04（星期一）" in result.stdout
    assert "尚未载入" not in result.stderr


def test_ref_workdays_refuses_malformed_dates(cli: Cli) -> None:
    result = cli("ref", "workdays", "between", "2022-13-01", "2022-10-12")
    assert result.exit_code == 2 and "内部错误" not in result.stderr  # a usage error
    assert "START 的值「2022-13-01」不是日期：格式须为 YYYY-MM-DD" in result.stderr
