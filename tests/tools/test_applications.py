"""A bank applies for relending in the web (issue 13 point 2): it sees each loan of its current
ledger with its eligibility and reasons, submits; a pboc maker reviews (recorded), a different
pboc checker with a second factor approves; the bank sees the draw. Bad input: a batch listing
another bank's loans, an approval by the maker — each a Chinese 4xx with nothing stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html
from sqlalchemy import func, select

from beizeng.access.principal import Principal
from beizeng.config import get_settings
from beizeng.institution.service import import_registry, packaged_registry
from beizeng.models.notification import Notification
from beizeng.models.tools import RelendingBatch, RelendingItem
from beizeng.tools.relending import service as relending
from tests.account.factories import create_user, enrol_totp
from tests.tools.factories import import_rows, loan
from tests.web.conftest import Platform, login, login_with_code, post_form


def _text(page: str, element_id: str) -> str:
    """The visible text of the page's element ``element_id`` (numbers are spans inside it)."""
    (element,) = lxml_html.fromstring(page).xpath(f"//*[@id='{element_id}']")
    return str(element.text_content()).strip()


@dataclass
class Bank:
    platform: Platform
    secrets: dict[str, str]
    user_ids: dict[str, int]

    def signed_in(self, username: str) -> TestClient:
        client = self.platform.client()
        if username in self.secrets:
            login_with_code(client, username, self.secrets[username], self.platform.clock.now())
        else:
            login(client, username)
        return client

    def batches(self) -> list[RelendingBatch]:
        with self.platform.session() as s:
            return list(s.scalars(select(RelendingBatch).order_by(RelendingBatch.id)))

    def inbox(self, username: str) -> list[Notification]:
        with self.platform.session() as s:
            return list(
                s.scalars(
                    select(Notification).where(Notification.user_id == self.user_ids[username])
                )
            )


@pytest.fixture
def bank(platform: Platform, ledger_home: Path) -> Bank:
    """LLRCB's May ledger (a small firm's loan and a large firm's), JSBLL's with its own loan; a
    bank clerk of LLRCB, a pboc reviewer, two pboc checkers with an authenticator, one without."""
    with platform.session() as s:
        import_registry(s, path=packaged_registry(), settings=get_settings())
        import_rows(
            s,
            ledger_home,
            "LLRCB",
            "2022-05",
            [loan("T1", "1000000"), loan("T2", "3000000", enterprise_size="large")],
        )
        import_rows(s, ledger_home, "JSBLL", "2022-05", [loan("J7", "500000")])
        users = {
            "clerk": create_user(s, "bank", username="clerk", institution_code="LLRCB"),
            "reviewer": create_user(s, "pboc", username="reviewer"),
            "plain": create_user(s, "pboc", username="plain"),
        }
        secrets = {
            "reviewer": enrol_totp(s, users["reviewer"]),
            "checker": enrol_totp(s, checker := create_user(s, "pboc", username="checker")),
        }
        users["checker"] = checker
        s.commit()
        ids = {name: p.user_id for name, p in users.items()}
    platform.clock.advance(minutes=1)
    return Bank(platform, secrets, ids)


def _apply(client: TestClient, loan_ids: list[str]) -> object:
    return post_form(
        client,
        "/tools/relending/apply",
        {"programme": "relending_smb", "term": "1y", "loan_ids": loan_ids},
        page="/tools/relending/new",
    )


def test_the_bank_sees_each_loan_of_its_current_ledger_with_its_eligibility(bank: Bank) -> None:
    page = bank.signed_in("clerk").get("/tools/relending/new?programme=relending_smb&term=1y")
    assert page.status_code == 200
    assert "本行现行台账：2022-05" in page.text
    t1 = page.text.split('id="loan-T1"')[1].split("</tr>")[0]
    t2 = page.text.split('id="loan-T2"')[1].split("</tr>")[0]
    assert "合格" in t1 and "不合格" not in t1 and "checked" in t1
    assert "不合格" in t2 and "企业规模「大型」不在支持范围内" in t2
    assert 'id="loan-J7"' not in page.text  # another bank's loan is never offered


def test_a_submitted_application_waits_for_review_and_pboc_is_told(bank: Bank) -> None:
    response = _apply(bank.signed_in("clerk"), ["T1", "T2"])
    assert response.status_code == 303  # type: ignore[attr-defined]
    (batch,) = bank.batches()
    assert batch.status == "submitted" and batch.institution_code == "LLRCB"
    assert batch.entered_by == "clerk" and batch.period == "2022-05"
    assert batch.eligible_amount == 1000000
    page = bank.signed_in("clerk").get(f"/tools/relending/{batch.id}")
    assert "待初审" in page.text and "企业规模「大型」不在支持范围内" in page.text
    assert 'id="review"' not in page.text and 'id="decide"' not in page.text
    (note,) = bank.inbox("reviewer")
    assert note.kind == "approval_waiting" and note.link == f"/tools/relending/{batch.id}"
    assert "待初审" in note.title and bank.inbox("clerk") == []


def test_a_batch_listing_another_banks_loan_is_refused_and_nothing_is_stored(bank: Bank) -> None:
    response = _apply(bank.signed_in("clerk"), ["T1", "J7"])
    assert response.status_code == 422  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert "J7" in text and "只能申报本行台账中的贷款" in text and "整批退回" in text
    assert bank.batches() == []
    with bank.platform.session() as s:
        assert s.scalar(select(func.count()).select_from(RelendingItem)) == 0
    assert bank.inbox("reviewer") == []


def test_an_upload_is_judged_like_a_pick(bank: Bank, tmp_path: Path) -> None:
    client = bank.signed_in("clerk")
    path = tmp_path / "申请.csv"
    path.write_text("借据编号,贷款余额\nT1,1000000\nJ7,500000\n", encoding="utf-8")
    with path.open("rb") as fh:
        response = client.post(
            "/tools/relending/apply",
            data={
                "programme": "relending_smb",
                "term": "1y",
                "csrf_token": _token(client),
            },
            files={"file": ("申请.csv", fh, "text/csv")},
            follow_redirects=False,
        )
    assert response.status_code == 422 and "J7" in response.text
    assert "申请.csv" in response.text and bank.batches() == []


def _token(client: TestClient) -> str:
    page = client.get("/tools/relending/new").text
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def _review(client: TestClient, batch_id: int, decision: str, remarks: str = "") -> object:
    return post_form(
        client,
        f"/tools/relending/{batch_id}/review",
        {"decision": decision, "remarks": remarks},
        page=f"/tools/relending/{batch_id}",
    )


def _approve(client: TestClient, batch_id: int) -> object:
    return post_form(
        client,
        f"/tools/relending/{batch_id}/approve",
        {"draw_date": "2022-06-08"},
        page=f"/tools/relending/{batch_id}",
    )


def test_review_then_a_different_checker_approves_and_the_bank_sees_the_draw(bank: Bank) -> None:
    _apply(bank.signed_in("clerk"), ["T1", "T2"])
    (batch,) = bank.batches()
    reviewer = bank.signed_in("reviewer")
    assert _approve(reviewer, batch.id).status_code == 409  # type: ignore[attr-defined]
    assert 'id="review"' in reviewer.get(f"/tools/relending/{batch.id}").text
    assert _review(reviewer, batch.id, "pass", "材料齐全").status_code == 303  # type: ignore[attr-defined]
    (batch,) = bank.batches()
    assert batch.status == "pending" and batch.reviewed_by == "reviewer"
    assert batch.reviewed_at is not None and batch.review_note == "材料齐全"

    refused = _approve(reviewer, batch.id)  # the maker (reviewer), with a code, may not approve
    assert refused.status_code == 403  # type: ignore[attr-defined]
    assert "由 reviewer 初审，须由另一人审批" in refused.text  # type: ignore[attr-defined]
    assert bank.batches()[0].status == "pending"
    no_code = _approve(bank.signed_in("plain"), batch.id)
    assert no_code.status_code == 403 and "动态口令" in no_code.text  # type: ignore[attr-defined]
    assert any("待复核审批" in n.title for n in bank.inbox("checker"))

    assert _approve(bank.signed_in("checker"), batch.id).status_code == 303  # type: ignore[attr-defined]
    (batch,) = bank.batches()
    assert batch.status == "approved" and batch.approved_by == "checker"
    page = bank.signed_in("clerk").get(f"/tools/relending/{batch.id}")
    assert _text(page.text, "draw-date") == "2022-06-08"
    assert _text(page.text, "maturity-date") == "2023-06-08"
    assert _text(page.text, "draw-amount") == "100.00"  # 万元
    (told,) = bank.inbox("clerk")
    assert "已审批发放 100.00万元" in told.title and told.link == f"/tools/relending/{batch.id}"
    assert told.kind == "approval_done"  # 审批结果, not 待审批


def test_a_returned_application_needs_remarks_and_frees_its_loans(bank: Bank) -> None:
    _apply(bank.signed_in("clerk"), ["T1"])
    (batch,) = bank.batches()
    reviewer = bank.signed_in("reviewer")
    empty = _review(reviewer, batch.id, "return")
    assert empty.status_code == 422 and "初审意见" in empty.text  # type: ignore[attr-defined]
    assert bank.batches()[0].status == "submitted"
    assert _review(reviewer, batch.id, "return", "借据不全").status_code == 303  # type: ignore[attr-defined]
    assert bank.batches()[0].status == "rejected"
    (told,) = bank.inbox("clerk")
    assert "初审退回：借据不全" in told.title
    assert _apply(bank.signed_in("clerk"), ["T1"]).status_code == 303  # type: ignore[attr-defined]


def test_a_bank_cannot_review_nor_a_pboc_user_apply(bank: Bank) -> None:
    _apply(bank.signed_in("clerk"), ["T1"])
    (batch,) = bank.batches()
    assert _review(bank.signed_in("clerk"), batch.id, "pass").status_code == 403  # type: ignore[attr-defined]
    assert _apply(bank.signed_in("reviewer"), ["T1"]).status_code == 403  # type: ignore[attr-defined]
    assert bank.batches()[0].status == "submitted"


BAD_FORMS: list[dict[str, object]] = [
    {"programme": "nope", "term": "1y", "loan_ids": ["T1"]},
    {"programme": "relending_smb", "term": "2y", "loan_ids": ["T1"]},
    {"programme": "relending_smb", "term": "1y", "loan_ids": ["T" * 65]},
    {"programme": "relending_smb", "term": "1y"},
]


def test_bad_forms_are_a_chinese_4xx_and_store_nothing(bank: Bank) -> None:
    client = bank.signed_in("clerk")
    for form in BAD_FORMS:
        response = post_form(client, "/tools/relending/apply", form, page="/tools")
        assert 400 <= response.status_code < 500, form  # type: ignore[attr-defined]
        text = response.text  # type: ignore[attr-defined]
        assert "Traceback" not in text
        assert "提交的内容不符合要求" in text or "请至少选择或上传一笔贷款" in text
    assert bank.batches() == []


def test_an_uploaded_batch_is_stored_and_repayments_show_on_the_banks_page(
    bank: Bank, tmp_path: Path
) -> None:
    client = bank.signed_in("clerk")
    path = tmp_path / "申请.csv"
    path.write_text("借据编号,贷款余额\nT1,1000000\nT2,3000000\n", encoding="utf-8")
    with path.open("rb") as fh:
        response = client.post(
            "/tools/relending/apply",
            data={"programme": "relending_smb", "term": "6m", "csrf_token": _token(client)},
            files={"file": ("申请.csv", fh, "text/csv")},
            follow_redirects=False,
        )
    assert response.status_code == 303
    (batch,) = bank.batches()
    assert batch.term == "6m" and batch.status == "submitted"
    _review(bank.signed_in("reviewer"), batch.id, "pass")
    _approve(bank.signed_in("checker"), batch.id)
    with bank.platform.session() as s:
        relending.repay(
            s,
            principal=Principal(0, "desk", "柜员", "pboc"),
            batch_id=batch.id,
            amount=Decimal("400000"),
            repaid_on=date(2022, 9, 1),
        )
        s.commit()
    page = bank.signed_in("clerk").get(f"/tools/relending/{batch.id}").text
    assert 'id="repayments"' in page and "2022-09-01" in page and "40.00" in page
    assert _text(page, "outstanding") == "60.00" and _text(page, "maturity-date") == "2022-12-08"
    overview = bank.signed_in("clerk").get("/tools").text
    assert "2022-12-08" in overview and "吕梁农村商业银行" in overview
