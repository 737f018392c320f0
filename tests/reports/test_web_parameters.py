"""The issue date and the document number of the bulletin and the notices, chosen in the web
(issue 14 point 5): ``?date=`` and ``?number=`` are checked as the command line's ``--date`` and
``--number`` are (``reports.rules``), a bad value is a Chinese 422 naming the parameter, a blank
one (a form's field left empty) is the default, and the monitoring page offers the form."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import date

import docx
import pytest

from beizeng.reports import rules
from tests.conftest import CliResult
from tests.outreach.web import platform, staffed
from tests.web.conftest import Platform

__all__ = ["platform", "staffed"]

SQLITE_ONLY = pytest.mark.parametrize("template", ["sqlite"], indirect=True)
"""The documents are rendered from the evaluation the other tests check on both backends."""
BULLETIN = "/monitor/reports/bulletin"
NOTICES = "/monitor/reports/notices"


def _paragraphs(content: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]


@SQLITE_ONLY
def test_the_bulletin_carries_the_chosen_date_and_number(staffed: Platform) -> None:
    response = staffed.client("pboc1").get(
        BULLETIN, params={"period": "2022-06", "date": "2022-07-15", "number": "吕银发〔2022〕12号"}
    )
    assert response.status_code == 200, response.text
    texts = _paragraphs(response.content)
    assert texts[1] == "吕银发〔2022〕12号"
    assert "2022年7月15日" in texts and "2022年6月6日" not in texts


@SQLITE_ONLY
def test_blank_parameters_date_the_bulletin_today_with_the_default_number(
    staffed: Platform,
) -> None:
    """The form's empty fields: today in Lüliang (the platform's clock: 2022-06-06) and
    银吕发〔2022〕6号."""
    response = staffed.client("pboc1").get(
        BULLETIN, params={"period": "2022-06", "date": "", "number": " "}
    )
    assert response.status_code == 200, response.text
    texts = _paragraphs(response.content)
    assert texts[1] == "银吕发〔2022〕6号" and "2022年6月6日" in texts


BAD_DATES = ["2022/07/15", "2022-02-30", "15.07.2022", "1999-12-31", "2101-01-01", "9999-12-31"]
BAD_NUMBERS = [
    "12号",
    "吕银发[2022]12号",
    "吕银发〔2022〕012号",
    "吕银发〔22〕12号",
    "吕银发〔2022〕第12号",
    "吕 银发〔2022〕12号",
    "吕银发〔2022〕12",
    "发" * 21 + "〔2022〕1号",
]


BAD_VALUES = (
    [(BULLETIN, "date", v) for v in BAD_DATES]
    + [(NOTICES, "date", v) for v in BAD_DATES]
    + [(BULLETIN, "number", v) for v in BAD_NUMBERS]
)


def test_a_bad_date_or_number_is_a_chinese_422_naming_the_parameter(staffed: Platform) -> None:
    client = staffed.client("pboc1")
    for path, name, value in BAD_VALUES:
        response = client.get(path, params={"period": "2022-06", name: value})
        assert response.status_code == 422, (path, value, response.status_code)
        assert f"（{name}）：" in response.text, value
        problem = "不是成文日期|成文日期的年份须在 2000–2100" if name == "date" else "不是发文字号"
        assert re.search(problem, response.text), response.text
        assert "Traceback" not in response.text


@SQLITE_ONLY
def test_the_notice_drafts_are_dated_as_chosen(staffed: Platform) -> None:
    """Neither bank published its four lists (C-3.4.1): both are noticed; the notices are dated
    2022-07-15 and due 15 working days later (2022-08-05)."""
    response = staffed.client("pboc1").get(
        NOTICES, params={"period": "2022-06", "date": "2022-07-15"}
    )
    assert response.status_code == 200, response.text
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    notice = next(n for n in archive.namelist() if "_督导通报_" in n)
    texts = _paragraphs(archive.read(notice))
    assert "2022年7月15日" in texts
    assert any("2022年8月5日" in t for t in texts) and "2022年6月6日" not in texts


def test_the_monitoring_page_offers_the_date_number_and_format(staffed: Platform) -> None:
    page = staffed.client("pboc1").get("/monitor").text
    bulletin = page[
        page.index('id="bulletin-options"') : page.index(
            "</form>", page.index('id="bulletin-options"')
        )
    ]
    assert f'action="{BULLETIN}"' in page
    for field in ('name="period" value="2022-06"', 'type="date" name="date"', 'name="number"'):
        assert field in bulletin, field
    assert '<option value="docx">' in bulletin and '<option value="pdf">' in bulletin
    notices = page[page.index('id="notices-options"') :]
    assert 'type="date" name="date"' in notices and '<option value="pdf">' in notices


def test_the_rules_accept_what_the_default_and_gb_t_9704_write() -> None:
    assert rules.document_number(" 银吕发〔2022〕12号 ") == "银吕发〔2022〕12号"
    assert rules.document_number("晋银办发〔2023〕101号") == "晋银办发〔2023〕101号"
    assert rules.signed_on(" 2023-01-16") == date(2023, 1, 16)


def test_the_command_line_refuses_the_same_values_in_chinese(
    cli: Callable[..., CliResult],
) -> None:
    base = ("monitor", "bulletin", "--period", "2022-12", "--out", "b.docx", "--no-pdf")
    number = cli(*base, "--number", "吕银发〔2022〕012号")
    assert number.exit_code == 2
    assert "--number 的值「吕银发〔2022〕012号」不是发文字号" in number.stderr
    day = cli(*base, "--date", "1999-12-31")
    assert day.exit_code == 2
    assert "--date 的值「1999-12-31」超出范围，成文日期的年份须在 2000–2100 之间" in day.stderr
    assert "Traceback" not in number.stderr + day.stderr
