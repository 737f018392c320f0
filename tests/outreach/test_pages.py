"""The first-loan drive through the app: upload by gov, a bank's scoped view, contacts, funnel."""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from tests.outreach.helpers import entity, write_list
from tests.web.conftest import Platform, csrf


def _upload(staffed: Platform, tmp_path: Path, rows: list[list[str]]) -> None:
    gov = staffed.client("gov1")
    path = write_list(tmp_path / "名单.csv", rows)
    response = gov.post(
        "/outreach/lists",
        data={"csrf_token": csrf(gov, "/outreach"), "title": "7月名单", "idle_workdays": "5"},
        files={"file": ("名单.csv", path.read_bytes(), "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def test_gov_uploads_a_gbk_list_and_sees_it_counted(staffed: Platform, tmp_path: Path) -> None:
    _upload(staffed, tmp_path, [entity(1, "141125"), entity(2, "141102")])
    page = staffed.client("gov1").get("/outreach").text
    (row,) = lxml_html.fromstring(page).xpath("//table[@id='lists']//tr[td[1]='7月名单']")
    assert row.xpath("string(td[4])") == "2"


def test_a_bad_list_is_a_422_page_naming_the_row(staffed: Platform, tmp_path: Path) -> None:
    gov = staffed.client("gov1")
    path = write_list(tmp_path / "坏.csv", [entity(1, "999999")])
    response = gov.post(
        "/outreach/lists",
        data={"csrf_token": csrf(gov, "/outreach")},
        files={"file": ("坏.csv", path.read_bytes(), "text/csv")},
    )
    assert response.status_code == 422
    assert "第 2 行" in response.text and "县区代码" in response.text


def test_a_bank_sees_only_its_own_assignments_and_gets_404_for_others(
    staffed: Platform, tmp_path: Path
) -> None:
    _upload(staffed, tmp_path, [entity(1, "141125", name="柳林县独家企业有限公司")])
    icbc, abc = staffed.client("icbc1"), staffed.client("abc1")
    assert "柳林县独家企业有限公司" in icbc.get("/outreach").text
    assert "柳林县独家企业有限公司" not in abc.get("/outreach").text
    assert abc.get("/outreach/assignments/1").status_code == 404
    response = abc.post(
        "/outreach/assignments/1/contacts",
        data={"csrf_token": csrf(abc, "/outreach"), "outcome": "visited"},
    )
    assert response.status_code == 404
    ok = icbc.post(
        "/outreach/assignments/1/contacts",
        data={"csrf_token": csrf(icbc, "/outreach"), "outcome": "visited", "note": "上门走访"},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert "上门走访" in icbc.get("/outreach/assignments/1").text


def test_an_enterprise_cannot_open_the_drive(staffed: Platform) -> None:
    from tests.account.factories import create_enterprise_user

    with staffed.session() as s:
        create_enterprise_user(s, username="firm1")
        s.commit()
    assert staffed.client("firm1").get("/outreach").status_code == 403
