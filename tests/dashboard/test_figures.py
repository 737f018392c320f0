"""The dashboards as people read them (issue 14 points 1-3, 6, 7): no scientific notation and
no bare institution code in the visible text, every figure of a monitor metric linked to its
explain, every chart drawn with a table and downloadable as a PNG."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from lxml import html as lxml_html

from beizeng.kit.periods import Period
from beizeng.monitor import lineage
from tests.account.factories import create_user
from tests.dashboard.readable import (
    FIGURES,
    bare_codes,
    explain_link,
    figures,
    linked_figures,
    scientific,
    shown,
    unlinked,
)
from tests.ledger.builders import uscc
from tests.outreach.helpers import import_ledger, loan
from tests.web.conftest import Platform

CODES = ("ICBCLL", "ABCLL")
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def year(staffed: Platform, tmp_path: Path) -> Platform:
    """A year-ago ledger too (2021-06), so growth rates and target levels exist, and a county
    sub-branch user of 离石."""
    with staffed.session() as s:
        import_ledger(
            s, tmp_path, "ICBCLL", "2021-06", [loan(7, uscc(900007), "141102", start="2021-01-10")]
        )
        create_user(s, "pboc", username="lishi1", county_code="141102")
        s.commit()
    return staffed


@pytest.mark.parametrize("user", ["pboc1", "gov1", "lishi1", "icbc1"])
def test_a_board_reads_without_exponents_or_codes_and_links_every_figure(
    year: Platform, user: str
) -> None:
    page = year.client(user).get("/dashboard").text
    assert scientific(page) == []
    assert bare_codes(page, CODES) == []
    assert figures(page, FIGURES), "the board shows figures"
    assert unlinked(page, FIGURES) == []
    assert 'class="num"' in page and "e+0" not in page


def test_the_city_board_links_the_loans_target_to_the_citys_explain_in_yi_yuan(
    year: Platform,
) -> None:
    page = year.client("pboc1").get("/dashboard").text
    links = [explain_link(s) for s in figures(page, "//table[@id='targets']")]
    loans_growth = {
        "period": "2022-06",
        "metric": "loans",
        "subject": "141100",
        "measure": "growth",
    }
    assert loans_growth in links  # the growth's explain states its terms, each linked
    assert "/monitor/targets/" in page
    assert "单位亿元" in page
    # Counties on the map: every tile a link to its county's explain, the legend in a unit.
    assert (
        page.count('<a href="/monitor/explain?period=2022-06&amp;metric=loans&amp;subject=1411')
        >= 13
    )
    assert "单位：" in page


def test_a_county_board_links_each_banks_branch_figures(year: Platform) -> None:
    page = year.client("lishi1").get("/dashboard").text
    links = [explain_link(s) for s in figures(page, "//section[@id='branches']")]
    assert {"period": "2022-06", "metric": "loans", "subject": "ICBCLL:141102"} in links
    assert {"period": "2021-06", "metric": "loans", "subject": "ICBCLL:141102"} in links
    assert {"period": "2022-06", "metric": "loans", "subject": "141102"} in links


def test_every_chart_has_its_table_and_an_accessible_title(year: Platform) -> None:
    page = year.client("pboc1").get("/dashboard").text
    charts = page.count('<figure class="chart"')
    assert charts >= 1 + 1 + 12  # targets, map, two trend sets of six metrics
    assert page.count('role="img"') >= charts
    assert page.count('class="chart-table"') == charts - 1  # the targets' table is #targets


def test_each_chart_downloads_as_a_png(year: Platform) -> None:
    client = year.client("pboc1")
    page = client.get("/dashboard").text
    hrefs = sorted(set(re.findall(r'href="(/dashboard/charts/[^"]+\.png)"', page)))
    assert "/dashboard/charts/targets.png" in hrefs and "/dashboard/charts/map-loans.png" in hrefs
    for href in hrefs:
        response = client.get(href)
        assert response.status_code == 200, href
        assert response.headers["content-type"] == "image/png"
        assert response.content.startswith(PNG), href
    own = year.client("icbc1").get("/dashboard/charts/own-loans.png")
    assert own.status_code == 200 and own.content.startswith(PNG)


def test_an_unknown_chart_is_a_chinese_404_naming_the_charts_there_are(year: Platform) -> None:
    response = year.client("pboc1").get("/dashboard/charts/nope.png")
    assert response.status_code == 404
    assert "看板没有名为「nope」的图表" in response.text and "groups-loans" in response.text
    # A bank's board draws its own trends, not the city's.
    assert year.client("icbc1").get("/dashboard/charts/groups-loans.png").status_code == 404
    assert year.client("pboc1").get("/dashboard/charts/a%20b.png").status_code == 422


def test_the_explain_reproduces_every_value_the_board_links_from(year: Platform) -> None:
    """Issue 14 "done when": each linked balance or count (the charts' tables, the targets in
    万元/亿元/户/笔) is the value of the explain it links to, in the unit shown."""
    with year.session() as s:
        analyst = create_user(s, "pboc", username="analyst1")
        s.commit()
    page = year.client("pboc1").get("/dashboard").text
    checked = 0
    with year.session() as s:
        for (period, metric, subject, measure), figures_shown in linked_figures(page).items():
            found = lineage.explain(
                s,
                principal=analyst,
                period=Period.parse(period),
                metric=metric,
                subject=subject,
                measure=measure,
            )
            value = found.value if found.measured is None else found.measured.value
            for figure, unit in figures_shown:
                assert shown(value, metric, unit, measure) == (figure, unit), (period, metric)
                checked += 1
    assert checked >= 20


def test_a_growth_figure_leads_to_its_formula_and_each_terms_explain(year: Platform) -> None:
    """A target's 同比增速 is not the balance: its explain (``measure=growth``) states the
    formula and links 期末值 and 上年同期值 to the explains of their month ends."""
    client = year.client("pboc1")
    href = "/monitor/explain?period=2022-06&metric=loans&subject=141100&measure=growth"
    page = client.get(href)
    assert page.status_code == 200, page.text[-500:]
    assert "同比增速 = 期末值 ÷ 上年同期值 − 1" in page.text
    terms = lxml_html.fromstring(page.text).xpath("//table[@id='measure-terms']/tbody/tr")
    assert [t.xpath("td")[1].text_content() for t in terms] == ["2022-06", "2021-06"]
    linked = [t.xpath(".//a/@href")[0] for t in terms]
    assert linked == [
        "/monitor/explain?period=2022-06&metric=loans&subject=141100",
        "/monitor/explain?period=2021-06&metric=loans&subject=141100",
    ]
    answer = client.get("/api/monitor/explain?" + href.split("?")[1]).json()
    now, before = (Decimal(t["value"]) for t in answer["measured"]["terms"])
    assert Decimal(answer["measured"]["value"]) == now / before - 1
    assert Decimal(answer["value"]) == now  # the rows stay the period's balance
    bad = client.get(href.replace("growth", "speed"))
    assert bad.status_code == 422 and "口径「speed」不存在" in bad.text
    assert (
        client.get(
            "/api/monitor/explain?" + href.replace("growth", "speed").split("?")[1]
        ).status_code
        == 422
    )


def test_the_growths_workbook_states_the_measure_and_its_terms(year: Platform) -> None:
    href = "/monitor/explain?period=2022-06&metric=loans&subject=141100&measure=growth"
    page = year.client("pboc1").get(href).text
    assert "measure=growth&amp;format=xlsx" in page
    workbook = year.client("pboc1").get(href + "&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content))["概要"]
    cells = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert cells["计算方法"] == "同比增速 = 期末值 ÷ 上年同期值 − 1"
    now, before = cells["期末值（2022-06）（元）"], cells["上年同期值（2021-06）（元）"]
    assert cells["同比增速"] == pytest.approx(float(Decimal(str(now)) / Decimal(str(before)) - 1))
