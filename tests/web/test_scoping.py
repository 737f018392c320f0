"""Every boundary of the platform, crossed on purpose: 403/404 and nothing leaked (issue 5)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from beizeng.account import service as accounts
from beizeng.config import get_settings
from beizeng.demand import service as demands
from beizeng.demand.schemas import DemandCreate
from beizeng.models.account import ApiToken
from beizeng.product import service as products
from beizeng.product.schemas import FourListWrite
from tests.account.factories import (
    NOW,
    create_bank_user,
    create_enterprise_user,
    create_token,
    create_user,
    publish,
)
from tests.web.conftest import Platform, csrf, post_form


def _world(platform: Platform) -> dict[str, object]:
    with platform.session() as s:
        ent_a = create_enterprise_user(s, name="甲公司有限公司", username="ent_a")
        create_enterprise_user(s, name="乙公司有限公司", username="ent_b")
        bank_a = create_bank_user(s, username="bank_a")
        bank_b = create_bank_user(s, username="bank_b")
        create_user(s, "pboc", username="pboc_admin")
        create_user(s, "gov", username="gov_user")
        data = DemandCreate(
            amount=Decimal("300000"), term_months=12, purpose="采购", guarantee_offered="credit"
        )
        taken = demands.post_demand(s, settings=get_settings(), principal=ent_a, data=data, now=NOW)
        demands.accept_demand(
            s, settings=get_settings(), principal=bank_a, demand_id=taken.id, now=NOW
        )
        product_b = publish(s, bank_b, name="乙行专属贷")
        products.set_four_list(
            s, principal=bank_a, kind="exemption", data=FourListWrite(body="秘密免责条款"), now=NOW
        )
        products.set_four_list(
            s,
            principal=bank_a,
            kind="authorization",
            data=FourListWrite(body="支行审批 300 万元以内"),
            now=NOW,
        )
        _, token_a = create_token(s, bank_a, "demands:read", name="系统")
        s.commit()
        return {
            "taken": taken.id,
            "product_b": product_b,
            "bank_a_code": bank_a.institution_code,
            "token_a": token_a,
        }


def test_another_banks_demand_is_not_found_on_pages_and_api(platform: Platform) -> None:
    w = _world(platform)
    client = platform.client("bank_b")
    page = client.get(f"/demands/{w['taken']}")
    assert page.status_code == 404 and "甲公司" not in page.text
    assert client.get(f"/api/demands/{w['taken']}").status_code == 404
    assert "甲公司" not in client.get("/demands").text
    response = post_form(
        client, f"/demands/{w['taken']}/reject", {"reason": "other", "note": "x"}, page="/demands"
    )
    assert response.status_code == 404  # type: ignore[attr-defined]


def test_another_enterprises_demand_is_not_found(platform: Platform) -> None:
    w = _world(platform)
    client = platform.client("ent_b")
    assert client.get(f"/demands/{w['taken']}").status_code == 404
    assert client.get(f"/api/demands/{w['taken']}").status_code == 404
    assert client.get(f"/api/demands/{w['taken']}/matches").status_code == 404
    response = post_form(client, f"/demands/{w['taken']}/withdraw", {"note": ""}, page="/demands")
    assert response.status_code == 404  # type: ignore[attr-defined]
    assert client.get("/api/demands").json()["total"] == 0


def test_a_bank_user_on_a_pboc_page_is_refused(platform: Platform) -> None:
    _world(platform)
    for username in ("bank_a", "gov_user", "ent_a"):
        client = platform.client(username)
        assert client.get("/supervision").status_code == 403
        assert client.get("/api/supervision/overdue").status_code == 403
    assert platform.client("pboc_admin").get("/supervision").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in_and_the_api_answers_401(
    platform: Platform,
) -> None:
    _world(platform)
    client = platform.client()
    response = client.get("/demands", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert client.get("/api/demands").status_code == 401


def test_another_banks_product_cannot_be_changed(platform: Platform) -> None:
    w = _world(platform)
    client = platform.client("bank_a")
    response = post_form(
        client, f"/products/{w['product_b']}/status", {"status": "withdrawn"}, page="/products"
    )
    assert response.status_code == 404  # type: ignore[attr-defined]
    assert client.get(f"/products/{w['product_b']}").status_code == 200  # still public


def test_the_exemption_list_is_shown_only_to_pboc_and_the_banks_own_staff(
    platform: Platform,
) -> None:
    w = _world(platform)
    path = f"/institutions/{w['bank_a_code']}/lists"
    assert "秘密免责条款" not in platform.client().get(path).text
    assert "支行审批" in platform.client().get(path).text
    assert "秘密免责条款" not in platform.client("bank_b").get(path).text
    assert "秘密免责条款" in platform.client("bank_a").get(path).text
    assert "秘密免责条款" in platform.client("pboc_admin").get(path).text
    kinds = [row["kind"] for row in platform.client("gov_user").get(f"/api{path}").json()]
    assert kinds == ["authorization"]


def test_tokens_act_within_their_scopes_and_stop_when_revoked_or_expired(
    platform: Platform,
) -> None:
    w = _world(platform)
    client = platform.client()
    auth = {"Authorization": f"Bearer {w['token_a']}"}
    assert client.get(f"/api/demands/{w['taken']}", headers=auth).status_code == 200
    assert (
        client.post(
            f"/api/demands/{w['taken']}/approve",
            headers=auth,
            json={"amount": "300000", "rate": "0.05", "term_months": 12},
        ).status_code
        == 403
    )
    assert (
        client.get("/api/demands", headers={"Authorization": "Bearer bz_forged"}).status_code == 401
    )
    platform.clock.advance(days=31)
    assert client.get(f"/api/demands/{w['taken']}", headers=auth).status_code == 401
    platform.clock.advance(days=-31)
    with platform.session() as s:
        token = s.scalars(select(ApiToken)).one()
        bank_a = accounts.principal_of(s, accounts.AccountRepository(s).get(token.user_id))  # type: ignore[arg-type]
        accounts.revoke_token(s, principal=bank_a, token_id=token.id, now=NOW)
        s.commit()
    assert client.get(f"/api/demands/{w['taken']}", headers=auth).status_code == 401


def test_a_form_without_the_csrf_token_is_refused(platform: Platform) -> None:
    w = _world(platform)
    client = platform.client("ent_a")
    response = client.post(
        f"/demands/{w['taken']}/withdraw", data={"note": "x"}, follow_redirects=False
    )
    assert response.status_code == 403
    response = client.post(
        f"/demands/{w['taken']}/withdraw", data={"note": "x", "csrf_token": "forged"}
    )
    assert response.status_code == 403


def test_repeated_wrong_passwords_lock_the_account(platform: Platform) -> None:
    _world(platform)
    client = platform.client()
    for _ in range(5):
        token = csrf(client)
        r = client.post(
            "/login", data={"username": "ent_a", "password": "wrong-password1", "csrf_token": token}
        )
        assert r.status_code == 401 and "用户名或密码不正确" in r.text
    token = csrf(client)
    r = client.post(
        "/login", data={"username": "ent_a", "password": "Lvliang2022pass", "csrf_token": token}
    )
    assert r.status_code == 429 and "锁定" in r.text
    platform.clock.advance(minutes=16)
    token = csrf(client)
    r = client.post(
        "/login",
        data={"username": "ent_a", "password": "Lvliang2022pass", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_a_user_signs_in_again_after_a_success_and_a_failure(platform: Platform) -> None:
    _world(platform)
    first = platform.client("ent_a")
    bad = csrf(first)
    assert (
        first.post(
            "/login", data={"username": "ent_a", "password": "wrong-password1", "csrf_token": bad}
        ).status_code
        == 401
    )
    platform.client("ent_a")  # a second success after a success and a failure


def test_the_session_cookie_is_httponly_and_samesite_lax(platform: Platform) -> None:
    client = platform.client()
    response = client.get("/login")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_signing_out_everywhere_invalidates_old_cookies(platform: Platform) -> None:
    _world(platform)
    client = platform.client("ent_a")
    assert client.get("/demands").status_code == 200
    with platform.session() as s:
        user = accounts.AccountRepository(s).get_by_username("ent_a")
        assert user is not None
        accounts.end_all_sessions(s, user_id=user.id)
        s.commit()
    assert client.get("/demands", follow_redirects=False).status_code == 303
