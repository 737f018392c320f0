"""The other tools in the web (issue 13 point 2): a bank files a subsidy claim that two people of
the sponsoring department decide, queues rediscount bills, confirms its support-tool line; the
guarantor records its book and sees its leverage chart, as pboc does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html
from sqlalchemy import select

from beizeng.config import get_settings
from beizeng.institution.service import import_registry, packaged_registry
from beizeng.kit.periods import Quarter
from beizeng.models.fiscal import GuaranteeCompensation, GuaranteedLoan, SubsidyClaim
from beizeng.models.notification import Notification
from beizeng.models.tools import RediscountBill, SupportToolConfirmation
from beizeng.tools.guarantee.service import add_agency, add_agreement
from beizeng.tools.subsidy.service import define_programme_file, deposit, packaged_programmes
from beizeng.tools.supporttool.service import issue_statement
from tests.account.factories import create_user, enrol_totp
from tests.tools.factories import import_rows, loan
from tests.web.conftest import Platform, login, login_with_code, post_form

TECH = "TECH-SUB-2022"


@dataclass
class Desk:
    platform: Platform
    secrets: dict[str, str]

    def signed_in(self, username: str) -> TestClient:
        client = self.platform.client()
        if username in self.secrets:
            login_with_code(client, username, self.secrets[username], self.platform.clock.now())
        else:
            login(client, username)
        return client

    def rows(self, model: type) -> list:  # type: ignore[type-arg]
        with self.platform.session() as s:
            return list(s.scalars(select(model)))


@pytest.fixture
def desk(platform: Platform, ledger_home: Path) -> Desk:
    with platform.session() as s:
        import_registry(s, path=packaged_registry(), settings=get_settings())
        import_rows(s, ledger_home, "LLRCB", "2022-03", [loan("T1", "800000")])
        import_rows(s, ledger_home, "LLRCB", "2022-05", [loan("T1", "1000000")])
        import_rows(s, ledger_home, "LLRCB", "2022-06", [loan("T1", "1000000")])
        for path in packaged_programmes():
            define_programme_file(s, path=path)
        desk_user = create_user(s, "pboc", username="desk")
        deposit(
            s,
            principal=desk_user,
            programme_code=TECH,
            amount=Decimal("100000"),
            on=date(2022, 6, 1),
        )
        issue_statement(s, quarter=Quarter.parse("2022Q2"))
        add_agency(s, code="LLFG", name="吕梁市融资担保有限公司", county_code="141102")
        add_agreement(
            s,
            agency_code="LLFG",
            institution_code="LLRCB",
            bank_share=Decimal("0.2"),
            fee_rate=Decimal("0.01"),
            fee_subsidy_rate=Decimal("0.5"),
            effective_from=date(2022, 1, 1),
        )
        create_user(s, "bank", username="clerk", institution_code="LLRCB")
        create_user(s, "bank", username="other", institution_code="JSBLL")
        create_user(s, "guarantor", username="llfg", institution_code="LLFG")
        create_user(s, "pboc", username="watcher")
        secrets = {
            name: enrol_totp(s, create_user(s, "gov", username=name, department=dept))
            for name, dept in (("tech1", "科技局"), ("fin2", "财政局"), ("jrb", "金融办"))
        }
        secrets["server"] = enrol_totp(s, create_user(s, "pboc", username="server"))
        s.commit()
    platform.clock.advance(minutes=1)
    return Desk(platform, secrets)


def _claim(client: TestClient, loan_id: str = "T1") -> object:
    return post_form(
        client,
        "/tools/subsidy/claims",
        {"programme_code": TECH, "loan_id": loan_id, "days": 90},
        page="/tools",
    )


def test_a_bank_claim_is_reviewed_and_approved_by_two_people_of_the_sponsor(desk: Desk) -> None:
    assert _claim(desk.signed_in("clerk")).status_code == 303  # type: ignore[attr-defined]
    (claim,) = desk.rows(SubsidyClaim)
    assert claim.status == "filed" and claim.entered_by == "clerk" and claim.period == "2022-06"
    with desk.platform.session() as s:
        kinds = s.scalars(select(Notification.kind)).all()
    assert "approval_waiting" in kinds
    review = f"/tools/subsidy/claims/{claim.id}/review"
    approve = f"/tools/subsidy/claims/{claim.id}/approve"
    jrb = post_form(desk.signed_in("jrb"), review, {"decision": "pass"}, page="/tools")
    assert jrb.status_code == 403 and "由吕梁市科技局、财政局审核" in jrb.text  # type: ignore[attr-defined]
    tech1 = desk.signed_in("tech1")
    early = post_form(tech1, approve, {}, page="/tools")
    assert early.status_code == 409  # type: ignore[attr-defined]  # not reviewed yet
    assert post_form(tech1, review, {"decision": "pass"}, page="/tools").status_code == 303  # type: ignore[attr-defined]
    same = post_form(tech1, approve, {}, page="/tools")
    assert same.status_code == 403 and "由 tech1 初审，须由另一人审批" in same.text  # type: ignore[attr-defined]
    assert desk.rows(SubsidyClaim)[0].status == "entered"
    fin2 = desk.signed_in("fin2")
    assert post_form(fin2, approve, {}, page="/tools").status_code == 303  # type: ignore[attr-defined]
    (claim,) = desk.rows(SubsidyClaim)
    assert claim.status == "approved" and (claim.reviewed_by, claim.approved_by) == (
        "tech1",
        "fin2",
    )
    page = fin2.get("/tools").text
    assert f'id="fund-{TECH}"' in page and "已审批未付" in page


def test_another_banks_loan_cannot_be_claimed(desk: Desk) -> None:
    response = _claim(desk.signed_in("other"))  # JSBLL has no ledger at all
    assert response.status_code == 422 and "台账" in response.text  # type: ignore[attr-defined]
    response = _claim(desk.signed_in("clerk"), "J7")
    assert response.status_code == 422 and "J7" in response.text  # type: ignore[attr-defined]
    assert desk.rows(SubsidyClaim) == []


def test_a_bank_queues_a_green_bill_and_bad_bills_store_nothing(desk: Desk) -> None:
    clerk = desk.signed_in("clerk")
    form = {
        "bill_no": "G-9",
        "drawer": "吕梁某焦化有限公司",
        "acceptor": "某银行",
        "amount": "500000",
        "maturity_date": "2022-09-01",
        "green": "true",
    }
    assert post_form(clerk, "/tools/rediscount/apply", form, page="/tools").status_code == 303  # type: ignore[attr-defined]
    (bill,) = desk.rows(RediscountBill)
    assert bill.green and bill.institution_code == "LLRCB" and bill.status == "pending"
    again = post_form(clerk, "/tools/rediscount/apply", form, page="/tools")
    assert again.status_code == 422 and "G-9" in again.text  # type: ignore[attr-defined]
    missing = post_form(clerk, "/tools/rediscount/apply", {"bill_no": "X"}, page="/tools")
    assert missing.status_code == 422 and "出票人" in missing.text  # type: ignore[attr-defined]
    assert len(desk.rows(RediscountBill)) == 1
    assert 'id="serve-rediscount"' not in clerk.get("/tools").text
    serve = {"bank": "LLRCB", "discount_date": "2022-06-06"}
    served = post_form(desk.signed_in("server"), "/tools/rediscount/serve", serve, page="/tools")
    assert served.status_code == 303  # type: ignore[attr-defined]
    (bill,) = desk.rows(RediscountBill)
    assert bill.status == "discounted" and bill.approved_by == "server"
    titles = [n.title for n in desk.rows(Notification)]
    assert any(t.startswith("再贴现已办理：1 张票据 50.00万元") for t in titles), titles
    assert any("待办理" in t for t in titles)  # pboc was told when the bank queued it


def test_a_bank_confirms_its_support_tool_line_once(desk: Desk) -> None:
    clerk = desk.signed_in("clerk")
    page = clerk.get("/tools").text
    assert 'id="support-2022Q2-LLRCB"' in page and "吕梁农村商业银行" in page
    path = "/tools/support-tool/2022Q2/confirm"
    assert post_form(clerk, path, {}, page="/tools").status_code == 303  # type: ignore[attr-defined]
    (row,) = desk.rows(SupportToolConfirmation)
    assert row.institution_code == "LLRCB" and row.confirmed_by == "clerk"
    twice = post_form(clerk, path, {}, page="/tools")
    assert twice.status_code == 409 and "已于" in twice.text  # type: ignore[attr-defined]
    none = post_form(desk.signed_in("other"), path, {}, page="/tools")
    assert none.status_code == 404 and "没有本行的记录" in none.text  # type: ignore[attr-defined]
    assert "已确认（clerk" in desk.signed_in("watcher").get("/tools").text


def test_the_guarantor_records_its_book_and_sees_the_leverage_chart(desk: Desk) -> None:
    g = desk.signed_in("llfg")
    assert g.get("/tools/guarantee", follow_redirects=False).headers["location"] == (
        "/tools/guarantee/LLFG"
    )
    page = "/tools/guarantee/LLFG"
    steps = [
        ("/tools/guarantee/net-assets", {"as_of": "2022-05-31", "net_assets": "100000"}),
        (
            "/tools/guarantee/loans",
            {
                "institution_code": "LLRCB",
                "loan_id": "T1",
                "start": "2022-05-01",
                "end": "2023-04-30",
            },
        ),
    ]
    for path, form in steps:
        assert post_form(g, path, form, page=page).status_code == 303  # type: ignore[attr-defined]
    (guaranteed,) = desk.rows(GuaranteedLoan)
    assert guaranteed.amount == Decimal("1000000.00") and guaranteed.fee > 0
    html = g.get(page).text
    leverage = lxml_html.fromstring(html).get_element_by_id("leverage")
    assert leverage.text_content() == "10.00" and 'id="leverage-chart"' in html
    chart = g.get("/tools/guarantee/LLFG/leverage.png")
    assert chart.status_code == 200 and chart.content[:8] == b"\x89PNG\r\n\x1a\n"
    base = f"/tools/guarantee/loans/{guaranteed.id}"
    form = {"loss": "100000", "paid_on": "2022-06-01"}
    assert post_form(g, f"{base}/compensation", form, page=page).status_code == 303  # type: ignore[attr-defined]
    assert post_form(g, f"{base}/recovery", {"amount": "50000"}, page=page).status_code == 303  # type: ignore[attr-defined]
    (comp,) = desk.rows(GuaranteeCompensation)
    assert comp.agency_part == Decimal("80000.00") and comp.recovered == Decimal("40000.00")
    html = g.get(page).text
    shown = lxml_html.fromstring(html)
    assert shown.get_element_by_id("compensated").text_content() == "8.00"
    assert shown.get_element_by_id("recovered").text_content() == "4.00"
    bad = post_form(g, "/tools/guarantee/loans", {**steps[1][1], "loan_id": "J7"}, page=page)
    assert bad.status_code == 422 and "J7" in bad.text  # type: ignore[attr-defined]
    assert len(desk.rows(GuaranteedLoan)) == 1


def test_pboc_sees_every_agencys_leverage_and_a_bank_sees_none(desk: Desk) -> None:
    watcher = desk.signed_in("watcher")
    listing = watcher.get("/tools/guarantee")
    assert listing.status_code == 200 and "吕梁市融资担保有限公司" in listing.text
    assert 'id="record-loan"' not in watcher.get("/tools/guarantee/LLFG").text
    assert desk.signed_in("clerk").get("/tools/guarantee/LLFG").status_code == 404
    refused = post_form(
        watcher,
        "/tools/guarantee/net-assets",
        {"as_of": "2022-05-31", "net_assets": "1"},
        page="/tools",
    )
    assert refused.status_code == 403  # type: ignore[attr-defined]
