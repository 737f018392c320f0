"""Pages and API through the app factory: registration, posting, versions, friendly errors."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from beizeng.config import get_settings
from beizeng.product import service as products
from tests.account.factories import (
    NOW,
    PASSWORD,
    create_bank_user,
    create_enterprise_user,
    make_uscc,
    publish,
    terms,
)
from tests.web.conftest import Platform, post_form


def test_an_enterprise_registers_posts_a_demand_and_sees_matching_products(
    platform: Platform,
) -> None:
    with platform.session() as s:
        bank = create_bank_user(s, username="bank1")
        publish(s, bank, name="晋享贷")
        publish(
            s, bank, name="大额抵押贷", min_amount=Decimal("5000000"), max_amount=Decimal("9000000")
        )
        s.commit()
    client = platform.client()
    response = post_form(
        client,
        "/register",
        {
            "uscc": make_uscc(),
            "name": "孝义市测试铸造有限公司",
            "legal_person": "王建军",
            "kind": "enterprise",
            "county_code": "141181",
            "industry_code": "C3391",
            "username": "zhuzao",
            "password": PASSWORD,
        },
        page="/register",
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    post_form(
        client,
        "/enterprise/profile",
        {
            "employees": "30",
            "revenue_wan": "800",
            "assets_wan": "900",
            "industry_code": "C3391",
            "county_code": "141181",
        },
        page="/enterprise/profile",
    )
    assert "小型企业" in client.get("/enterprise/profile").text
    response = post_form(
        client,
        "/demands/new",
        {
            "amount_wan": "50",
            "term_months": "12",
            "purpose": "购买原材料",
            "guarantee_offered": "credit",
        },
        page="/demands/new",
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    page = client.get(response.headers["location"])  # type: ignore[attr-defined]
    assert "已提交" in page.text and "晋享贷" in page.text and "大额抵押贷" not in page.text
    assert "符合：小型企业" in page.text


def test_bad_input_gives_a_chinese_message_and_a_4xx_never_a_500(platform: Platform) -> None:
    client = platform.client()
    response = post_form(
        client,
        "/register",
        {
            "uscc": "91141100MA0000000X",
            "name": "坏代码公司",
            "legal_person": "李四",
            "kind": "enterprise",
            "county_code": "141102",
            "username": "bad",
            "password": PASSWORD,
        },
        page="/register",
    )
    assert response.status_code == 422 and "校验码" in response.text  # type: ignore[attr-defined]
    response = post_form(client, "/register", {"uscc": "x"}, page="/register")
    assert response.status_code == 422 and "名称（name）：必须填写" in response.text  # type: ignore[attr-defined]
    assert client.get("/products/999999").status_code == 404
    assert client.get("/api/products/abc").status_code == 422


def test_a_product_page_shows_what_was_promised_on_a_given_date(platform: Platform) -> None:
    with platform.session() as s:
        bank = create_bank_user(s, username="bank1")
        product_id = publish(s, bank)
        products.update_product(
            s,
            principal=bank,
            product_id=product_id,
            terms=terms(reply_days=3),
            now=NOW + timedelta(days=10),
        )
        s.commit()
    client = platform.client()
    before = client.get(
        f"/api/products/{product_id}/versions", params={"at": (NOW + timedelta(days=1)).isoformat()}
    ).json()
    assert [(v["version"], v["terms"]["reply_days"]) for v in before] == [(1, 5)]
    assert client.get(f"/api/products/{product_id}").json()["reply_days"] == 3
    page = client.get(
        f"/products/{product_id}", params={"at": (NOW + timedelta(days=1)).isoformat()}
    )
    assert "第 1 版" in page.text and "承诺回复 5 个工作日" in page.text
    early = client.get(
        f"/api/products/{product_id}/versions", params={"at": (NOW - timedelta(days=1)).isoformat()}
    )
    assert early.status_code == 404


def test_a_bank_system_uses_its_token_to_accept_and_approve(platform: Platform) -> None:
    from beizeng.account import service as accounts
    from beizeng.demand import service as demands
    from beizeng.demand.schemas import DemandCreate

    with platform.session() as s:
        ent = create_enterprise_user(s)
        bank = create_bank_user(s)
        demand = demands.post_demand(
            s,
            settings=get_settings(),
            principal=ent,
            data=DemandCreate(
                amount=Decimal(200000), term_months=12, purpose="备货", guarantee_offered="credit"
            ),
            now=NOW,
        )
        _, token = accounts.create_token(
            s,
            principal=bank,
            name="信贷系统",
            scopes=frozenset({"demands:read", "demands:write"}),
            days=30,
            max_days=90,
            now=NOW,
        )
        s.commit()
    client = platform.client()
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/me", headers=auth).json()["scopes"] == ["demands:read", "demands:write"]
    assert (
        client.post(f"/api/demands/{demand.id}/accept", headers=auth).json()["status"] == "accepted"
    )
    assert client.post(f"/api/demands/{demand.id}/accept", headers=auth).status_code == 409
    approved = client.post(
        f"/api/demands/{demand.id}/approve",
        headers=auth,
        json={"amount": "200000.00", "rate": "0.0435", "term_months": 12},
    )
    assert approved.json()["status"] == "approved"
    detail = client.get(f"/api/demands/{demand.id}", headers=auth).json()
    assert [e["action"] for e in detail["events"]] == ["submit", "accept", "approve"]
