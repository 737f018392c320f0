"""The explain page, its workbook and its JSON twin, and a target's breakdown (issue 14 point 3):
the figures of the evaluation lead to their composition and rows; a bank opens only its own
figures, in the browser and with a ``ledgers:read`` token; bad input is a Chinese 4xx."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal

import openpyxl

from beizeng.account import service as accounts
from tests.account.factories import NOW, create_token
from tests.monitor.test_pages import _rows
from tests.outreach.web import platform, staffed
from tests.web.conftest import Platform

__all__ = ["platform", "staffed"]

CITY_LOANS = "/monitor/explain?period=2022-06&metric=loans&subject=141100"


def _token(staffed: Platform, username: str) -> str:
    with staffed.session() as s:
        principal = accounts.principal_named(s, username)
        _row, token = create_token(
            s, principal, "ledgers:read", name="监测溯源", now=NOW - timedelta(days=1)
        )
        s.commit()
    return token


def test_the_city_explain_shows_value_composition_and_rows(staffed: Platform) -> None:
    page = staffed.client("pboc1").get(CITY_LOANS)
    assert page.status_code == 200, page.text
    text = page.text
    assert "吕梁市 · 各项贷款（2022年6月末）" in text and "900.00万元" in text
    counties = _rows(text, "composition-county")
    assert "离石区" in counties and "柳林县" in counties
    assert 'href="/monitor/explain?period=2022-06&amp;metric=loans&amp;subject=141125"' in counties
    banks = _rows(text, "composition-bank")
    assert 'data-code="ICBCLL"' in banks and "中国工商银行吕梁分行" in banks
    rows = _rows(text, "explain-rows")
    assert (
        rows.split("<tbody>")[1].count("<tr>") == 3
        and "JJ00000002" in rows
        and "3,000,000.00" in rows
    )
    assert "余额（元）" in rows and "各项贷款" in rows
    versions = re.findall(r'data-value="1" data-unit="">1</span>', rows)
    assert len(versions) == 3  # every row's submission is its institution's first version


def test_the_rows_filter_and_sort_on_the_server(staffed: Platform) -> None:
    client = staffed.client("gov1")
    only = _rows(client.get(CITY_LOANS + "&q_loan=JJ00000002").text, "explain-rows")
    assert "JJ00000002" in only and "JJ00000001" not in only
    ordered = _rows(client.get(CITY_LOANS + "&sort=loan&desc=1").text, "explain-rows")
    assert ordered.index("JJ00000003") < ordered.index("JJ00000001")


def test_the_workbook_is_the_same_explanation(staffed: Platform) -> None:
    response = staffed.client("pboc1").get(CITY_LOANS + "&format=xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book["明细"].iter_rows(values_only=True))[1:]
    assert sum(Decimal(str(r[8])) for r in rows) == Decimal("9000000")
    assert {r[3] for r in rows} == {1}


def test_a_bank_opens_its_own_figures_only(staffed: Platform) -> None:
    client = staffed.client("icbc1")
    own = client.get("/monitor/explain?period=2022-06&metric=loans&subject=ICBCLL")
    assert own.status_code == 200 and "600.00万元" in own.text
    branch = client.get("/monitor/explain?period=2022-06&metric=loans&subject=ICBCLL:141125")
    assert branch.status_code == 200 and "中国工商银行吕梁分行（柳林县）" in branch.text
    for subject in ("ABCLL", "141100", "141102", "ABCLL:141102"):
        refused = client.get(f"/monitor/explain?period=2022-06&metric=loans&subject={subject}")
        assert refused.status_code == 403, subject
        assert "银行只能查看本机构" in refused.text


def test_the_api_answers_a_banks_token_with_the_contract(staffed: Platform) -> None:
    client = staffed.client()
    client.headers["Authorization"] = f"Bearer {_token(staffed, 'icbc1')}"
    response = client.get("/api/monitor/explain?period=2022-06&metric=loans&subject=ICBCLL")
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["value"] == "6000000.00" and len(data["rows"]) == 2
    assert sum(Decimal(r["balance"]) for r in data["rows"]) == Decimal(data["value"])
    assert {r["institution"] for r in data["rows"]} == {"中国工商银行吕梁分行"}
    other = client.get("/api/monitor/explain?period=2022-06&metric=loans&subject=ABCLL")
    assert other.status_code == 403 and "银行只能查看本机构" in other.text


def test_bad_queries_are_chinese_4xx(staffed: Platform) -> None:
    client = staffed.client("pboc1")
    unknown = client.get("/monitor/explain?period=2022-06&metric=nope&subject=141100")
    assert unknown.status_code == 422 and "指标「nope」不存在" in unknown.text
    subject = client.get("/api/monitor/explain?period=2022-06&metric=loans&subject=XYZ")
    assert subject.status_code == 404 and "主体「XYZ」" in subject.text
    month = client.get("/monitor/explain?period=2022-13&metric=loans&subject=141100")
    assert month.status_code == 422
    empty = client.get("/monitor/explain?period=2021-06&metric=loans&subject=141100")
    assert empty.status_code == 404 and "没有 2021-06 的已接收贷款台账" in empty.text
    assert client.get("/monitor/explain").status_code == 422


def test_a_target_lists_every_subject_with_links_to_the_explain(staffed: Platform) -> None:
    client = staffed.client("pboc1")
    page = client.get("/monitor/targets/inclusive_vs_loans?period=2022-06")
    assert page.status_code == 200, page.text
    rows = _rows(page.text, "target-subjects")
    assert "中国工商银行吕梁分行" in rows and "中国农业银行吕梁分行" in rows
    assert "/monitor/explain?period=2022-06&amp;metric=" in rows
    down = _rows(
        client.get("/monitor/targets/inclusive_vs_loans?period=2022-06&sort=subject&desc=1").text,
        "target-subjects",
    )
    up = _rows(
        client.get("/monitor/targets/inclusive_vs_loans?period=2022-06&sort=subject").text,
        "target-subjects",
    )
    assert down.index("中国工商银行") < down.index("中国农业银行")
    assert up.index("中国农业银行") < up.index("中国工商银行")
    missing = client.get("/monitor/targets/nope?period=2022-06")
    assert missing.status_code == 404 and "目标「nope」不在当前目标计划中" in missing.text
