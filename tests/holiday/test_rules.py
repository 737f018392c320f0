"""Reading a year of the State Council's notice: the contract and every refusal (issue 10.1)."""

from __future__ import annotations

from datetime import date

import pytest

from beizeng.errors import DataInvalid
from beizeng.holiday.rules import parse_notice
from tests.holiday.notices import NOTICE_2027, notice


def test_a_notice_gives_its_days_off_and_its_worked_weekends() -> None:
    parsed = parse_notice(NOTICE_2027.encode(), file="2027.toml")
    assert parsed.year == 2027
    assert parsed.days.source == "国办发明电〔2026〕N号"
    assert len(parsed.holidays) == 10 and parsed.workdays == ["2027-02-14"]
    assert not parsed.days.is_workday(date(2027, 1, 1))
    assert parsed.days.is_workday(date(2027, 2, 14))  # Sunday, worked
    assert parsed.days.is_workday(date(2027, 1, 4))  # an ordinary Monday


def test_the_digest_depends_on_the_content_not_on_the_order_of_the_dates() -> None:
    a = parse_notice(notice(workdays='["2027-02-14", "2027-02-20"]'), file="a.toml")
    b = parse_notice(notice(workdays='["2027-02-20", "2027-02-14"]'), file="b.toml")
    c = parse_notice(notice(workdays='["2027-02-20"]'), file="c.toml")
    assert a.sha256 == b.sha256 != c.sha256


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        (notice(holidays='["2026-12-31"]'), ["2026-12-31", "不在 2027 年内"]),
        (notice(holidays='["2027-01-01", "2027-01-01"]'), ["2027-01-01", "日期重复"]),
        (notice(workdays='["2027-02-15"]'), ["2027-02-15（星期一）", "调休上班日应为周六或周日"]),
        (notice(workdays='["2027-01-02"]'), ["2027-01-02", "同一日期不能既放假又上班"]),
        (notice(holidays='["2027-02-30"]'), ["2027-02-30", "YYYY-MM-DD"]),
        (notice(holidays='["27-1-1"]'), ["27-1-1", "YYYY-MM-DD"]),
        (notice(year='"2027"'), ["year", "四位年份"]),
        (notice(source='""'), ["source", "通知文号"]),
        (notice(extra='"x"'), ["extra", "不是节假日文件的字段"]),
        (b'year = 2027\nsource = "x"\n', ["holidays", "workdays", "缺少此项"]),
        (b"year = 2027\nsource = \n", ["不是有效的 TOML 文件", "第 2 行"]),
        (b"<html>not toml</html>", ["不是有效的 TOML 文件"]),
        (b"", ["文件为空"]),
        (b"  \n\n", ["文件为空"]),
        ("year = 2027\nsource = '节假日'".encode("gbk"), ["不是 UTF-8"]),
    ],
)
def test_a_broken_notice_is_refused_naming_the_date_or_field_and_the_rule(
    content: bytes, fragments: list[str]
) -> None:
    with pytest.raises(DataInvalid) as caught:
        parse_notice(content, file="2027.toml")
    message = caught.value.message
    assert "2027.toml" in message and "未写入任何数据" in message
    for fragment in fragments:
        assert fragment in message


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    content = notice(
        holidays='["2026-12-31", "2027-02-14"]', workdays='["2027-02-14", "2027-03-01"]'
    )
    with pytest.raises(DataInvalid) as caught:
        parse_notice(content, file="bad.toml")
    rules = [p.rule for p in caught.value.problems]
    assert rules == [
        "日期不在 2027 年内",
        "同一日期不能既放假又上班",
        "调休上班日应为周六或周日",
    ]
