"""Two-person approval in the web from authenticated people (issue 12 point 3): the maker is
refused, a checker without a second factor is refused, another pboc (or gov) user who signed in
with a code decides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from beizeng.config import get_settings
from beizeng.institution.service import import_registry, packaged_registry
from beizeng.kit.periods import Period
from beizeng.models.fiscal import SubsidyClaim
from beizeng.models.tools import RediscountBill, RelendingBatch
from beizeng.tools.rediscount.service import BillInput, apply_bills
from beizeng.tools.relending.rules import ClaimLine
from beizeng.tools.relending.service import apply_batch
from beizeng.tools.subsidy.service import (
    ClaimInput,
    define_programme_file,
    deposit,
    enter_claim,
    packaged_programmes,
)
from tests.account.factories import create_user, enrol_totp
from tests.tools.factories import import_rows, loan
from tests.web.conftest import Platform, login, login_with_code, post_form

TECH = "TECH-SUB-2022"


@dataclass
class Desk:
    platform: Platform
    batch_id: int
    claim_id: int
    secrets: dict[str, str]

    def signed_in(self, username: str) -> TestClient:
        client = self.platform.client()
        if username in self.secrets:
            login_with_code(client, username, self.secrets[username], self.platform.clock.now())
        else:
            login(client, username)
        return client


@pytest.fixture
def desk(platform: Platform, ledger_home: Path) -> Desk:
    """A pending relending batch, queued bills and an entered subsidy claim of LLRCB, all
    entered by ``maker``; pboc users with and without an authenticator, a gov checker."""
    with platform.session() as s:
        import_registry(s, path=packaged_registry(), settings=get_settings())
        import_rows(s, ledger_home, "LLRCB", "2022-06", [loan("T1", "1000000")])
        maker = create_user(s, "pboc", username="maker")
        create_user(s, "pboc", username="plain")
        create_user(s, "bank", username="clerk", institution_code="LLRCB")
        secrets = {
            "maker": enrol_totp(s, maker),
            "checker": enrol_totp(s, create_user(s, "pboc", username="checker")),
            "govchecker": enrol_totp(
                s, create_user(s, "gov", username="govchecker", department="科技局")
            ),
            "govother": enrol_totp(s, create_user(s, "gov", username="govother")),
        }
        batch = apply_batch(
            s,
            principal=maker,
            programme="relending_smb",
            institution_code="LLRCB",
            period=Period(2022, 6),
            term="1y",
            lines=[ClaimLine(2, "T1", Decimal("1000000"))],
            applied_on=date(2022, 7, 1),
        )
        apply_bills(
            s,
            principal=maker,
            institution_code="LLRCB",
            applied_on=date(2022, 6, 1),
            bills=[
                BillInput(
                    2,
                    "G-1",
                    "吕梁某焦化有限公司",
                    "某银行",
                    Decimal("500000"),
                    date(2022, 9, 1),
                    True,
                )
            ],
        )
        for path in packaged_programmes():
            define_programme_file(s, path=path)
        deposit(
            s, principal=maker, programme_code=TECH, amount=Decimal("100000"), on=date(2022, 6, 1)
        )
        claim = enter_claim(
            s, principal=maker, claim=ClaimInput(TECH, "LLRCB", Period(2022, 6), "T1", days=91)
        )
        s.commit()
        ids = batch.id, claim.id
    platform.clock.advance(minutes=1)  # the enrolment codes are used: sign in with fresh ones
    return Desk(platform, *ids, secrets)


def _batch(desk: Desk) -> RelendingBatch:
    with desk.platform.session() as s:
        batch = s.get(RelendingBatch, desk.batch_id)
        assert batch is not None
        return batch


def _approve(client: TestClient, desk: Desk) -> object:
    return post_form(
        client,
        f"/tools/relending/{desk.batch_id}/approve",
        {"draw_date": "2022-07-08"},
        page=f"/tools/relending/{desk.batch_id}",
    )


def test_the_maker_signed_in_with_a_code_cannot_approve_their_own_batch(desk: Desk) -> None:
    response = _approve(desk.signed_in("maker"), desk)
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert "由 maker 录入，须由另一人审批" in response.text  # type: ignore[attr-defined]
    assert _batch(desk).status == "pending"


def test_a_checker_without_a_second_factor_is_refused(desk: Desk) -> None:
    client = desk.signed_in("plain")
    page = client.get(f"/tools/relending/{desk.batch_id}")
    assert 'id="decide"' in page.text and "须在登录时通过动态口令验证" in page.text
    assert 'id="second-factor-reminder"' in page.text
    response = _approve(client, desk)
    assert response.status_code == 403 and "动态口令" in response.text  # type: ignore[attr-defined]
    assert _batch(desk).status == "pending"


def test_another_pboc_user_signed_in_with_a_code_approves(desk: Desk) -> None:
    client = desk.signed_in("checker")
    page = client.get(f"/tools/relending/{desk.batch_id}")
    assert 'id="decide"' in page.text and "须在登录时通过动态口令验证" not in page.text
    response = _approve(client, desk)
    assert response.status_code == 303  # type: ignore[attr-defined]
    batch = _batch(desk)
    assert batch.status == "approved" and batch.approved_by == "checker"
    assert batch.entered_by == "maker" and batch.draw_date == date(2022, 7, 8)
    assert 'id="batch-approver">checker<' in client.get(f"/tools/relending/{desk.batch_id}").text


def test_a_checker_rejects_with_a_reason(desk: Desk) -> None:
    response = post_form(
        desk.signed_in("checker"),
        f"/tools/relending/{desk.batch_id}/reject",
        {"reason": "材料不全"},
        page=f"/tools/relending/{desk.batch_id}",
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert _batch(desk).status == "rejected" and _batch(desk).note == "材料不全"


def test_a_bank_is_offered_no_decision_and_refused_one(desk: Desk) -> None:
    client = desk.signed_in("clerk")
    page = client.get(f"/tools/relending/{desk.batch_id}")
    assert page.status_code == 200 and 'id="decide"' not in page.text
    assert 'id="serve-rediscount"' not in client.get("/tools").text
    assert _approve(client, desk).status_code == 403  # type: ignore[attr-defined]


def test_rediscount_is_served_by_a_second_person_with_a_code(desk: Desk) -> None:
    form = {"bank": "LLRCB", "discount_date": "2022-06-06"}
    refused = post_form(desk.signed_in("maker"), "/tools/rediscount/serve", form, page="/tools")
    assert refused.status_code == 403 and "须由另一人办理" in refused.text  # type: ignore[attr-defined]
    client = desk.signed_in("checker")
    assert 'id="serve-rediscount"' in client.get("/tools").text
    served = post_form(client, "/tools/rediscount/serve", form, page="/tools")
    assert served.status_code == 303  # type: ignore[attr-defined]
    with desk.platform.session() as s:
        bill = s.query(RediscountBill).filter_by(bill_no="G-1").one()
        assert bill.status == "discounted" and bill.approved_by == "checker"


def test_a_subsidy_claim_is_approved_by_a_gov_checker_with_a_code(desk: Desk) -> None:
    path = f"/tools/subsidy/claims/{desk.claim_id}/approve"
    plain = post_form(desk.signed_in("plain"), path, {}, page="/tools")
    assert plain.status_code == 403  # type: ignore[attr-defined]
    maker = post_form(desk.signed_in("maker"), path, {}, page="/tools")
    assert maker.status_code == 403 and "须由另一人审批" in maker.text  # type: ignore[attr-defined]
    other = post_form(desk.signed_in("govother"), path, {}, page="/tools")  # 金融办
    assert other.status_code == 403 and "由吕梁市科技局、财政局审核" in other.text  # type: ignore[attr-defined]
    approved = post_form(desk.signed_in("govchecker"), path, {}, page="/tools")
    assert approved.status_code == 303  # type: ignore[attr-defined]
    with desk.platform.session() as s:
        claim = s.get(SubsidyClaim, desk.claim_id)
        assert claim is not None
        assert claim.status == "approved" and claim.approved_by == "govchecker"
