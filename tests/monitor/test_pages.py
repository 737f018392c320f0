"""pboc's monitoring pages (issue 13 point 4): the evaluation of a period with the active plan,
rankings per target, the county view, trends, and the documents as downloads; gov reads, a
county sub-branch sees its county's rows only, and bad input is a Chinese 4xx."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from beizeng.account.service import principal_named
from beizeng.models.monitor import SupervisionNotice
from beizeng.monitor.service import default_plan_text
from tests.account.factories import create_user
from tests.dashboard.readable import (
    bare_codes,
    explain_link,
    figures,
    scientific,
    unlinked,
    visible_text,
)
from tests.monitor.platform_data import publish_lists
from tests.outreach.web import platform, staffed
from tests.web.conftest import Platform, csrf

__all__ = ["platform", "staffed"]

FAILING_PLAN = """
id = "web-test"
title = "网页测试计划"
year = 2022

[[targets]]
id = "big_loans"
title = "各项贷款余额达到1亿元"
clause = "C-2.1.1"
subjects = ["banks"]
left = { metric = "loans" }
op = ">="
right = 100000000
"""


def _county_user(staffed: Platform, username: str, county: str) -> None:
    with staffed.session() as s:
        create_user(s, "pboc", username=username, county_code=county)
        s.commit()


def _load(staffed: Platform, text: str, name: str = "plan.toml") -> None:
    client = staffed.client("pboc1")
    response = client.post(
        "/monitor/plans",
        data={"csrf_token": csrf(client, "/monitor/plans"), "note": "测试"},
        files={"file": (name, text.encode("utf-8"), "application/toml")},
    )
    assert response.status_code == 200, response.text


def _rows(page: str, table: str) -> str:
    start = page.index(f'id="{table}"')
    return page[start : page.index("</table>", start)]


def test_pboc_evaluates_the_latest_period_with_every_target_and_subject(
    staffed: Platform,
) -> None:
    page = staffed.client("pboc1").get("/monitor").text
    assert "目标评估（2022年6月末）" in page
    assert "吕梁市2022年金融支持市场主体倍增工程主要目标（内置计划）" in page
    assert '<option value="2022-06" selected>2022年6月末</option>' in page
    rows = _rows(page, "results")
    assert "各项贷款增速达到10%以上" in rows and "吕梁市" in rows
    assert "中国工商银行吕梁分行" in rows and "中国农业银行吕梁分行" in rows
    assert "无法评估" in rows  # one month of ledgers: no year-ago value, and the reason says so
    assert "/monitor/reports/bulletin?period=2022-06" in page


def test_a_period_without_ledgers_is_a_404_naming_the_periods_there_are(staffed: Platform) -> None:
    response = staffed.client("pboc1").get("/monitor?period=2021-03")
    assert response.status_code == 404
    assert "没有 2021-03 的已接收贷款台账" in response.text and "2022-06" in response.text


def test_a_malformed_period_is_a_chinese_422_not_a_traceback(staffed: Platform) -> None:
    client = staffed.client("pboc1")
    for bad in ("2022-13", "22-6", "abcdefg", "2022-1x"):
        response = client.get(f"/monitor/counties?period={bad}")
        assert response.status_code == 422, bad
        assert "期间" in response.text and "Traceback" not in response.text
    assert client.get("/monitor?period=2022-060").status_code == 422  # over 7 characters


def test_rankings_list_the_banks_per_target_and_an_unknown_target_is_named(
    staffed: Platform,
) -> None:
    client = staffed.client("pboc1")
    page = client.get("/monitor/rankings?period=2022-06").text
    assert 'data-target="inclusive_vs_loans"' in page
    assert "中国工商银行吕梁分行" in page and "中国农业银行吕梁分行" in page
    one = client.get("/monitor/rankings?period=2022-06&target=inclusive_vs_loans").text
    assert one.count('class="ranking"') == 1
    wrong = client.get("/monitor/rankings?period=2022-06&target=nope")
    assert wrong.status_code == 422
    assert "目标「nope」不在目标计划中" in wrong.text and "inclusive_vs_loans" in wrong.text


def test_the_county_view_shows_each_countys_indicators_in_wan_yuan(staffed: Platform) -> None:
    page = staffed.client("pboc1").get("/monitor/counties").text
    rows = _rows(page, "counties")
    assert 'data-county="141102"' in rows and 'data-county="141125"' in rows
    assert "离石区" in rows and "柳林县" in rows
    assert "万元" in rows and "户" in rows


def test_trends_draw_inline_svg_for_the_chosen_subject(staffed: Platform) -> None:
    client = staffed.client("pboc1")
    page = client.get("/monitor/trends?subject=ICBCLL&months=6").text
    assert "指标走势：中国工商银行吕梁分行" in page
    assert page.count("<svg") == 6 and "<script" not in page
    assert len(re.findall(r"<tr><td>2022-0[1-6]</td>", page)) == 6
    assert client.get("/monitor/trends?subject=NOPE").status_code == 404
    assert client.get("/monitor/trends?months=0").status_code == 422
    assert client.get("/monitor/trends?months=61").status_code == 422
    assert client.get("/monitor/trends?period=2030-01").status_code == 404


def test_a_county_sub_branch_sees_its_county_and_its_institutions_only(staffed: Platform) -> None:
    _county_user(staffed, "lishi1", "141102")
    client = staffed.client("lishi1")
    page = client.get("/monitor").text
    assert "本页只显示离石区及在本县区登记的机构" in page
    rows = _rows(page, "results")
    assert "中国工商银行吕梁分行" in rows  # registered in 离石
    assert "吕梁市" not in rows and "全国性银行" not in rows
    counties = _rows(client.get("/monitor/counties").text, "counties")
    assert "离石区" in counties and "柳林县" not in counties
    trends = client.get("/monitor/trends").text
    assert "指标走势：离石区" in trends
    assert client.get("/monitor/trends?subject=141125").status_code == 404
    assert client.get("/monitor/trends?subject=141100").status_code == 404
    assert "定期通报（docx）" not in page and "指标工作簿（xlsx）" in page


def test_a_county_without_registered_institutions_ranks_nobody(staffed: Platform) -> None:
    _county_user(staffed, "liulin1", "141125")
    page = staffed.client("liulin1").get("/monitor/rankings").text
    assert "中国工商银行吕梁分行" not in page and "没有可显示的机构" in page


def test_gov_reads_the_pages_but_loads_no_plan_and_downloads_nothing(staffed: Platform) -> None:
    client = staffed.client("gov1")
    assert client.get("/monitor").status_code == 200
    plans = client.get("/monitor/plans").text
    assert 'id="load-plan"' not in plans
    response = client.post(
        "/monitor/plans",
        data={"csrf_token": csrf(client, "/monitor/plans")},
        files={"file": ("p.toml", default_plan_text().encode(), "application/toml")},
    )
    assert response.status_code == 403
    assert client.get("/monitor/reports/workbook?period=2022-06").status_code == 403


def test_a_bank_is_refused_the_monitoring_pages(staffed: Platform) -> None:
    client = staffed.client("icbc1")
    for path in ("/monitor", "/monitor/rankings", "/monitor/counties", "/monitor/trends"):
        assert client.get(path).status_code == 403, path


def test_the_bulletin_downloads_as_a_docx_attachment_and_leaves_no_file(
    staffed: Platform, tmp_path: Path
) -> None:
    response = staffed.client("pboc1").get("/monitor/reports/bulletin?period=2022-06")
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="bulletin-2022-06.docx"')
    assert "filename*=UTF-8''" in disposition
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "2022年6月" in text
    scratch = tmp_path / "home" / "tmp"
    assert not scratch.exists() or list(scratch.iterdir()) == []


def test_a_county_sub_branch_cannot_generate_the_city_bulletin(staffed: Platform) -> None:
    _county_user(staffed, "lishi2", "141102")
    response = staffed.client("lishi2").get("/monitor/reports/bulletin?period=2022-06")
    assert response.status_code == 403 and "定期通报是市分行印发的全市公文" in response.text


def test_the_workbook_downloads_as_xlsx_and_a_countys_holds_its_rows_only(
    staffed: Platform,
) -> None:
    city = staffed.client("pboc1").get("/monitor/reports/workbook?period=2022-06")
    assert city.status_code == 200
    assert city.headers["content-disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(city.content))
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert "吕梁市" in cells and "柳林县" in cells
    _county_user(staffed, "lishi3", "141102")
    county = staffed.client("lishi3").get("/monitor/reports/workbook?period=2022-06")
    book = openpyxl.load_workbook(io.BytesIO(county.content))
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert "离石区" in cells and "柳林县" not in cells and "吕梁市" not in cells


def test_the_notices_download_as_a_zip_of_drafts_and_nothing_is_issued(staffed: Platform) -> None:
    with staffed.session() as s:  # both banks published their four lists in time (C-3.4.1)
        for name in ("icbc1", "abc1"):
            publish_lists(s, principal_named(s, name), datetime(2022, 6, 1, 2, tzinfo=UTC))
        s.commit()
    client = staffed.client("pboc1")
    none_due = client.get("/monitor/reports/notices?period=2022-06")
    assert none_due.status_code == 404 and "没有未达标的机构" in none_due.text
    _load(staffed, FAILING_PLAN)
    response = client.get("/monitor/reports/notices?period=2022-06")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert any(n.startswith("2022-06_ICBCLL_督导通报") for n in names)
    assert any(n.startswith("2022-06_ABCLL_督导通报") for n in names)
    body = zipfile.ZipFile(io.BytesIO(response.content)).read(names[0])
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
    assert "各项贷款余额达到1亿元" in text
    with staffed.session() as s:
        assert s.scalar(select(func.count()).select_from(SupervisionNotice)) == 0


def test_the_download_needs_a_period(staffed: Platform) -> None:
    client = staffed.client("pboc1")
    missing = client.get("/monitor/reports/workbook")
    assert missing.status_code == 422 and "period" in missing.text
    assert client.get("/monitor/reports/workbook?period=2019-01").status_code == 404


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    period=st.one_of(st.text(max_size=9), st.from_regex(r"\A[0-9]{4}-[0-9]{2}\Z")),
    subject=st.text(max_size=40),
)
def test_any_period_or_subject_is_answered_without_a_server_error(
    staffed: Platform, period: str, subject: str
) -> None:
    client = staffed.client()
    client.cookies.update(_cookies(staffed))
    for path, params in (
        ("/monitor", {"period": period}),
        ("/monitor/trends", {"period": "2022-06", "subject": subject, "months": "1"}),
        ("/monitor/reports/notices", {"period": period}),
    ):
        response = client.get(path, params=params)
        assert response.status_code in (200, 404, 422), (path, params, response.status_code)
        if response.status_code != 200:
            assert "Traceback" not in response.text


_SIGNED_IN: dict[str, dict[str, str]] = {}


def _cookies(staffed: Platform) -> dict[str, str]:
    """One sign-in per app (hypothesis runs the body many times with one fixture)."""
    key = str(staffed.engine.url)
    if key not in _SIGNED_IN:
        _SIGNED_IN[key] = dict(staffed.client("pboc1").cookies)
    return _SIGNED_IN[key]


MONITOR_FIGURES = (
    "//table[@id='results']//td[contains(@class, 'actual')]"
    " | //table[contains(@class, 'ranking')]//td[contains(@class, 'actual')]"
    " | //table[@id='counties'] | //table[@id='trend-table']"
)
"""The figures of monitor metrics on the monitoring pages (constant benchmarks are not)."""


def test_the_monitoring_pages_read_without_exponents_or_codes_and_link_every_figure(
    staffed: Platform,
) -> None:
    """Issue 14 points 1-3, for pboc, gov and a county sub-branch."""
    _county_user(staffed, "lishi4", "141102")
    for user in ("pboc1", "gov1", "lishi4"):
        client = staffed.client(user)
        for path in ("/monitor", "/monitor/rankings", "/monitor/counties", "/monitor/trends"):
            page = client.get(path).text
            assert scientific(page) == [], (user, path)
            assert bare_codes(page, ("ICBCLL", "ABCLL")) == [], (user, path)
            assert unlinked(page, MONITOR_FIGURES) == [], (user, path)
    page = staffed.client("pboc1").get("/monitor").text
    links = [explain_link(s) for s in figures(page, MONITOR_FIGURES)]
    growth = {"period": "2022-06", "metric": "loans", "subject": "141100", "measure": "growth"}
    assert growth in links  # a target's growth links to the growth's terms
    assert {"period": "2022-06", "metric": "inclusive_smb_borrowers", "subject": "ICBCLL"} in links
    assert 'href="/monitor/targets/loan_growth?period=2022-06"' in page


def test_the_county_view_links_each_countys_figures_and_puts_units_in_the_headers(
    staffed: Platform,
) -> None:
    page = staffed.client("pboc1").get("/monitor/counties").text
    assert "<th>各项贷款（万元）</th>" in page and "<th>普惠小微贷款户数（户）</th>" in page
    links = [explain_link(s) for s in figures(page, "//tr[@data-county='141125']")]
    assert {"period": "2022-06", "metric": "loans", "subject": "141125"} in links
    # One month of ledgers: no growth, 「—」 with the reason on hover.
    assert 'class="num missing" title="' in page


def test_trends_title_the_axis_with_the_unit_and_tick_without_offsets(staffed: Platform) -> None:
    page = staffed.client("pboc1").get("/monitor/trends?subject=ICBCLL&months=6").text
    assert "各项贷款（万元）" in page
    text = visible_text(page)  # the SVG's ids and paths may hold any hex digits
    assert "1e6" not in text and "1e7" not in text and "×10" not in text
