"""The nine findings of the access probe (access-model issue), each a named regression test."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.account import service as accounts
from beizeng.account import totp
from beizeng.errors import BeizengError, DataInvalid
from beizeng.library import service as library
from beizeng.models.account import ApiToken
from beizeng.models.demand import DemandMessage
from beizeng.models.event import EventAgreement
from beizeng.models.outreach import OutreachContact
from beizeng.models.tools import RelendingBatch
from tests.access.findings import TOTP_SECRET, bind_authenticator, probe
from tests.account.factories import PASSWORD, create_institution, create_user
from tests.ledger.builders import import_file, row, write_csv
from tests.web.conftest import Platform, csrf, login

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = ("Input should", "JSON decode error", "Field required", "value is not")


def refused(response: httpx.Response) -> bool:
    """401/403, or an HTML page's redirect to sign in: the action was not performed."""
    location = response.headers.get("location", "")
    return response.status_code in (401, 403) or (
        response.is_redirect and location.startswith("/login")
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def count(platform: Platform, model: type) -> int:
    with platform.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def message_of(response: httpx.Response) -> str:
    if response.headers.get("content-type", "").startswith("application/json"):
        return str(response.json().get("detail", ""))
    found = re.search(r'<p class="message">(.*?)</p>', response.text, re.S)
    return found.group(1) if found else response.text


def assert_chinese_422(response: httpx.Response) -> None:
    assert response.status_code == 422, (response.status_code, response.text[:300])
    message = message_of(response)
    assert CJK.search(message), message
    assert not any(english in message for english in ENGLISH), message


def sign_in_with_code(client: httpx.Client, username: str, platform: Platform) -> None:
    platform.clock.advance(seconds=65)
    first = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert first.headers.get("location") == "/login/code", first.text[:300]
    second = client.post(
        "/login/code",
        data={
            "code": totp.code_at(TOTP_SECRET, platform.clock.now()),
            "csrf_token": csrf(client, "/login/code"),
        },
        follow_redirects=False,
    )
    assert second.status_code == 303, second.text[:300]


# 1 ----------------------------------------------------------------------------------------


def test_finding_1_a_read_only_token_cannot_mint_a_token_nor_revoke_its_parent(
    platform: Platform,
) -> None:
    p = probe(platform)
    before = count(platform, ApiToken)
    client = platform.client()
    minted = client.post(
        "/account/tokens",
        headers=bearer(p.tokens["demands:read"]),
        data={
            "name": "child",
            "scopes": ["demands:read", "demands:write", "products:read", "products:write"],
            "days": "366",
        },
        follow_redirects=False,
    )
    assert refused(minted), (minted.status_code, minted.text[:300])
    assert "bz_" not in minted.text
    assert count(platform, ApiToken) == before
    with platform.session() as s:
        parent = s.scalars(select(ApiToken).where(ApiToken.name == "demands:read")).one()
    revoked = client.post(
        f"/account/tokens/{parent.id}/revoke",
        headers=bearer(p.tokens["products:write"]),
        follow_redirects=False,
    )
    assert refused(revoked)
    me = client.get("/api/me", headers=bearer(p.tokens["demands:read"]))
    assert me.status_code == 200  # the parent still works


# 2 ----------------------------------------------------------------------------------------


def test_finding_2_token_scopes_are_enforced_and_html_routes_ignore_bearer_tokens(
    platform: Platform,
) -> None:
    p = probe(platform)
    client = platform.client()
    read = bearer(p.tokens["demands:read"])
    messages = count(platform, DemandMessage)
    agreements = count(platform, EventAgreement)
    contacts = count(platform, OutreachContact)
    api = client.post(
        f"/api/demands/{p.demand_id}/messages", headers=read, json={"body": "令牌留言"}
    )
    assert api.status_code == 403, api.text
    html = client.post(
        f"/demands/{p.demand_id}/messages",
        headers=read,
        data={"body": "令牌留言"},
        follow_redirects=False,
    )
    assert refused(html), html.status_code
    signed = client.post(
        f"/events/{p.event_id}/agreements",
        headers=read,
        data={
            "bank_code": p.bank_a_code,
            "enterprise_uscc": p.enterprise_uscc,
            "enterprise_name": "令牌签约",
            "amount_wan": "100",
            "signed_on": "2022-06-06",
        },
        follow_redirects=False,
    )
    assert refused(signed), signed.status_code
    products = bearer(p.tokens["products:read"])
    contact = client.post(
        f"/outreach/assignments/{p.assignment_id}/contacts",
        headers=products,
        data={"outcome": "visited", "note": "令牌走访"},
        follow_redirects=False,
    )
    assert refused(contact), contact.status_code
    for path in (f"/demands/{p.demand_id}", "/outreach", "/tools"):
        page = client.get(path, headers=products, follow_redirects=False)
        assert refused(page), (path, page.status_code)
        assert "兴县探针企业" not in page.text
    assert count(platform, DemandMessage) == messages
    assert count(platform, EventAgreement) == agreements
    assert count(platform, OutreachContact) == contacts
    # The scope that names the action reaches it.
    write = bearer(p.tokens["demands:write"])
    ok = client.post(f"/api/demands/{p.demand_id}/messages", headers=write, json={"body": "留言"})
    assert ok.status_code == 201, ok.text


# 3 ----------------------------------------------------------------------------------------


def test_finding_3_insurers_and_guarantors_see_no_event_and_no_banks_agreements(
    platform: Platform,
) -> None:
    p = probe(platform)
    for username in ("insurer_user", "guarantor_user"):
        client = platform.client(username)
        one = client.get(f"/events/{p.event_id}", follow_redirects=False)
        assert one.status_code in (403, 404), (username, one.status_code)
        assert p.agreement_enterprise not in one.text
        listing = client.get("/events", follow_redirects=False)
        assert listing.status_code in (200, 403), listing.status_code
        assert "银企对接会" not in listing.text
    other_bank = platform.client("bank_b").get(f"/events/{p.event_id}", follow_redirects=False)
    assert p.agreement_enterprise not in other_bank.text
    own = platform.client("bank_a").get(f"/events/{p.event_id}")
    assert own.status_code == 200 and p.agreement_enterprise in own.text


# 4 ----------------------------------------------------------------------------------------


def test_finding_4_signing_out_ends_the_session_for_the_old_cookie(platform: Platform) -> None:
    probe(platform)
    client = platform.client("ent")
    assert client.get("/api/me").status_code == 200
    old = client.cookies.get("beizeng_session")
    assert old
    out = client.post("/logout", data={"csrf_token": csrf(client)}, follow_redirects=False)
    assert out.status_code == 303
    replay = platform.client()
    replay.cookies.set("beizeng_session", old)
    assert replay.get("/api/me").status_code == 401
    page = replay.get("/demands", follow_redirects=False)
    assert refused(page)


# 5 ----------------------------------------------------------------------------------------


def test_finding_5_the_outreach_entity_page_shows_only_the_banks_own_demands(
    platform: Platform,
) -> None:
    p = probe(platform)
    client = platform.client("bank_a")
    page = client.get(f"/outreach/assignments/{p.assignment_id}")
    assert page.status_code == 200
    assert f"#{p.demand_id} " in page.text  # its own demand is offered to link
    assert f"#{p.demand_b_id} " not in page.text  # another bank's is not
    before = count(platform, OutreachContact)
    linked = client.post(
        f"/outreach/assignments/{p.assignment_id}/contacts",
        data={
            "outcome": "demand",
            "demand_id": str(p.demand_b_id),
            "csrf_token": csrf(client, "/outreach"),
        },
        follow_redirects=False,
    )
    assert 400 <= linked.status_code < 500, linked.status_code
    assert count(platform, OutreachContact) == before
    with platform.session() as s:
        assert s.scalars(select(OutreachContact.demand_id)).all() == []


# 6 ----------------------------------------------------------------------------------------


def test_finding_6_absurd_inputs_are_422_with_a_chinese_message_never_500(
    platform: Platform,
) -> None:
    p = probe(platform)
    ent = platform.client("ent")
    posted = ent.post(
        "/demands/new",
        data={
            "amount_wan": "0.0000001",
            "term_months": "12",
            "purpose": "采购原材料",
            "guarantee_offered": "credit",
            "csrf_token": csrf(ent, "/demands/new"),
        },
        follow_redirects=False,
    )
    assert_chinese_422(posted)
    bank = platform.client("bank_a")
    approved = bank.post(
        f"/demands/{p.demand_id}/approve",
        data={
            "amount_wan": "30",
            "rate_percent": "0.00000001",
            "term_months": "12",
            "csrf_token": csrf(bank, "/demands"),
        },
        follow_redirects=False,
    )
    assert_chinese_422(approved)
    huge = "99999999999999999999"
    for path in ("/demands", "/products"):
        assert_chinese_422(bank.get(f"{path}?page={huge}"))
    with platform.session() as s:
        product_id = _product(s, p.bank_a_code)
    for at in ("9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00"):
        for path in (
            f"/institutions/{p.bank_a_code}/lists",
            f"/products/{product_id}",
            f"/api/products/{product_id}/versions",
        ):
            assert_chinese_422(bank.get(path, params={"at": at}))


def test_finding_6_an_upload_named_dot_is_422_and_a_banks_upload_is_403_before_any_write(
    platform: Platform,
) -> None:
    p = probe(platform)
    content = "统一社会信用代码,名称\n".encode()
    gov = platform.client("gov_user")
    for name in (".", ".."):
        response = gov.post(
            "/outreach/lists",
            data={"csrf_token": csrf(gov, "/outreach")},
            files={"file": (name, content, "text/csv")},
            follow_redirects=False,
        )
        assert_chinese_422(response)
    home = p.settings.resolved_home
    before = sorted(str(x) for x in home.rglob("*"))
    bank = platform.client("bank_a")
    refused_upload = bank.post(
        "/outreach/lists",
        data={"csrf_token": csrf(bank, "/outreach")},
        files={"file": ("名单.csv", content, "text/csv")},
        follow_redirects=False,
    )
    assert refused_upload.status_code == 403
    assert CJK.search(message_of(refused_upload))
    assert sorted(str(x) for x in home.rglob("*")) == before


def _product(s: Session, code: str) -> int:
    from tests.account.factories import publish

    bank = accounts.principal_named(s, "bank_a")
    product_id = publish(s, bank, name="探针贷")
    s.commit()
    return product_id


# 7 ----------------------------------------------------------------------------------------


def test_finding_7_a_bearer_header_does_not_skip_csrf_on_login_and_logout(
    platform: Platform,
) -> None:
    probe(platform)
    junk = bearer("junk")
    anonymous = platform.client()
    forged = anonymous.post(
        "/login",
        headers=junk,
        data={"username": "ent", "password": PASSWORD},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    assert anonymous.get("/api/me").status_code == 401  # nobody was signed in
    client = platform.client("ent")
    out = client.post("/logout", headers=junk, follow_redirects=False)
    assert out.status_code == 403
    assert client.get("/api/me").status_code == 200  # still signed in


def test_finding_7_pages_carry_the_security_headers(platform: Platform) -> None:
    for path in ("/", "/login", "/api/products"):
        response = platform.client().get(path)
        headers = {k.lower(): v for k, v in response.headers.items()}
        assert "content-security-policy" in headers, path
        assert headers.get("x-frame-options", "").upper() in {"DENY", "SAMEORIGIN"}, path
        assert headers.get("x-content-type-options") == "nosniff", path


def test_finding_7_uploaded_html_and_svg_attachments_are_not_served_as_active_types(
    platform: Platform,
) -> None:
    p = probe(platform)
    with platform.session() as s:
        gov = accounts.principal_named(s, "gov_user")
        policy = library.publish(
            s,
            principal=gov,
            data=library.PolicyInput(
                title="附件探针", issuer="吕梁市金融办", issued_on=date(2022, 5, 1), text="正文"
            ),
            settings=p.settings,
            attachments=[
                ("page.html", b"<script>alert(1)</script>"),
                ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
            ],
        )
        s.commit()
        view = library.get_policy(s, policy_id=policy.id)
        ids = [a.id for a in view.attachments]
    assert len(ids) == 2
    active = ("text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/xml")
    for attachment_id in ids:
        response = platform.client().get(f"/policies/attachments/{attachment_id}")
        assert response.status_code == 200
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        assert kind not in active, kind
        assert response.headers.get("x-content-type-options") == "nosniff"
        assert response.headers.get("content-disposition", "").startswith("attachment")


def test_finding_7_a_guessable_password_is_refused(platform: Platform) -> None:
    with platform.session() as s, pytest.raises(BeizengError):
        create_user(s, "pboc", username="weak_user", password="Password123")
    client = platform.client()
    response = client.post(
        "/register",
        data={
            "uscc": "91141123MA0K00002X",
            "name": "弱口令企业有限公司",
            "legal_person": "张三",
            "kind": "enterprise",
            "county_code": "141123",
            "industry_code": "C3011",
            "username": "weakent",
            "password": "Password123",
            "csrf_token": csrf(client, "/register"),
        },
        follow_redirects=False,
    )
    assert response.status_code == 422, response.status_code
    assert CJK.search(message_of(response))


def test_finding_7_validation_messages_are_all_chinese(platform: Platform) -> None:
    probe(platform)
    client = platform.client("ent")
    header = {"X-CSRF-Token": csrf(client), "Content-Type": "application/json"}
    assert_chinese_422(client.post("/api/demands", headers=header, content=b"{"))
    zero = {"amount": "0", "term_months": 12, "purpose": "采购", "guarantee_offered": "credit"}
    assert_chinese_422(client.post("/api/demands", headers=header, json=zero))


def test_finding_7_nul_bytes_and_whitespace_only_text_are_not_stored(platform: Platform) -> None:
    p = probe(platform)
    client = platform.client("ent")
    header = {"X-CSRF-Token": csrf(client)}
    before = count(platform, DemandMessage)
    for body in ("   \n\t ", "留言\x00注入"):
        response = client.post(
            f"/api/demands/{p.demand_id}/messages", headers=header, json={"body": body}
        )
        assert_chinese_422(response)
    assert count(platform, DemandMessage) == before


# 8 ----------------------------------------------------------------------------------------


def test_finding_8_the_maker_and_a_checker_without_a_second_factor_cannot_approve(
    platform: Platform,
) -> None:
    """Maker-checker in the web: the person who entered the batch may not decide it, and the
    checker must have signed in with the authenticator's code (no ``--as checker``)."""
    with platform.session() as s:
        code = create_institution(s, name="再贷款申请银行").code
        maker = create_user(s, "pboc", username="relend_maker")
        checker = create_user(s, "pboc", username="relend_checker")
        create_user(s, "pboc", username="relend_no_code")
        bind_authenticator(s, maker)
        bind_authenticator(s, checker)
        batch = RelendingBatch(
            programme="relending_smb",
            institution_code=code,
            period="2022-05",
            term="1y",
            status="pending",
            applied_on=date(2022, 6, 1),
            eligible_amount=Decimal("500000.00"),
            rate=Decimal("0.0200"),
            entered_by="relend_maker",
        )
        s.add(batch)
        s.commit()
        batch_id = batch.id
    path = f"/tools/relending/{batch_id}/approve"
    draw = {"draw_date": "2022-06-10"}

    maker_client = platform.client()
    sign_in_with_code(maker_client, "relend_maker", platform)
    response = maker_client.post(
        path, data={**draw, "csrf_token": csrf(maker_client, "/tools")}, follow_redirects=False
    )
    assert response.status_code == 403, response.status_code
    assert "双人复核" in message_of(response) or "另一人" in message_of(response)

    no_code = platform.client()
    login(no_code, "relend_no_code")
    response = no_code.post(
        path, data={**draw, "csrf_token": csrf(no_code, "/tools")}, follow_redirects=False
    )
    assert response.status_code == 403, response.status_code
    assert "动态口令" in message_of(response)

    with platform.session() as s:
        assert s.get(RelendingBatch, batch_id).status == "pending"  # type: ignore[union-attr]

    # The checker with the second factor decides it (sent back here: no quota to set up).
    checker_client = platform.client()
    sign_in_with_code(checker_client, "relend_checker", platform)
    response = checker_client.post(
        f"/tools/relending/{batch_id}/reject",
        data={"reason": "材料不全", "csrf_token": csrf(checker_client, "/tools")},
        follow_redirects=False,
    )
    assert response.status_code == 303, message_of(response)
    with platform.session() as s:
        decided = s.get(RelendingBatch, batch_id)
        assert decided is not None
        assert decided.status == "rejected" and decided.approved_by == "relend_checker"


# 9 ----------------------------------------------------------------------------------------


def test_finding_9_ledger_import_errors_do_not_echo_resident_ids_in_full(
    session: Session, ledger_home: Path, tmp_path: Path
) -> None:
    create_institution(session, code="ICBCLL", name="中国工商银行吕梁分行")
    wrong_check = "36042619910102009X"  # a resident ID with a wrong check character
    path = write_csv(
        tmp_path / "bad.csv",
        [
            row(1),
            row(
                2,
                borrower_type="farmer",
                borrower_id=wrong_check,
                enterprise_size="",
                ownership="",
            ),
        ],
    )
    with pytest.raises(DataInvalid) as caught:
        import_file(session, path, code="ICBCLL", period="2022-06")
    message = caught.value.message
    assert "公民身份号码校验码错误" in message  # the problem is still named
    assert wrong_check not in message
    assert wrong_check not in "\n".join(p.describe() for p in caught.value.problems)
    assert "第 3 行" in message
