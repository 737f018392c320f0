"""Hardening of the web and the API (issue 12 point 6, findings 6 and 7): security headers on
every response, the real client's address behind the proxy, odd input refused as a Chinese
422 before any conversion (never a 500), attachments served as downloads of safe types."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng import db
from beizeng.account import service as accounts
from beizeng.config import Settings
from beizeng.demand import service as demands
from beizeng.demand.schemas import DemandCreate
from beizeng.http.security import DOCS_POLICY, PAGE_POLICY
from beizeng.kit.clock import FrozenClock
from beizeng.library import service as library
from beizeng.models.account import LoginAttempt
from beizeng.web.app import create_app
from tests.account.factories import (
    NOW,
    PASSWORD,
    create_bank_user,
    create_enterprise_user,
    create_user,
    publish,
)
from tests.web.conftest import Platform, csrf

SECURITY = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def assert_secured(response: object, policy: str = PAGE_POLICY) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    for name, value in SECURITY.items():
        assert headers.get(name) == value, (name, headers)
    assert headers.get("Content-Security-Policy") == policy
    assert (
        "frame-ancestors 'none'" in policy
        and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )


@dataclass
class World:
    platform: Platform
    enterprise: str
    bank: str
    pboc: str
    token: str
    enterprise_token: str
    demand_id: int
    product_id: int
    institution: str

    def api(self) -> TestClient:
        client = self.platform.client()
        client.headers["Authorization"] = f"Bearer {self.token}"
        return client


@pytest.fixture
def world(platform: Platform) -> World:
    with platform.session() as s:
        ent = create_enterprise_user(s)
        bank = create_bank_user(s)
        pboc = create_user(s, "pboc")
        product_id = publish(s, bank)
        data = DemandCreate(
            amount=Decimal(200000), term_months=12, purpose="备货", guarantee_offered="credit"
        )
        demand = demands.post_demand(s, settings=Settings(), principal=ent, data=data, now=NOW)
        _, enterprise_token = accounts.create_token(
            s,
            principal=ent,
            name="hardening",
            scopes=frozenset({"demands:read", "demands:write"}),
            days=30,
            max_days=90,
            now=NOW,
        )
        _, token = accounts.create_token(
            s,
            principal=bank,
            name="hardening",
            scopes=frozenset({"demands:read", "demands:write", "products:read", "products:write"}),
            days=30,
            max_days=90,
            now=NOW,
        )
        s.commit()
        assert bank.institution_code
        return World(
            platform,
            ent.username,
            bank.username,
            pboc.username,
            token,
            enterprise_token,
            demand.id,
            product_id,
            bank.institution_code,
        )


# --- 1. security headers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/login", 200),
        ("/products", 200),
        ("/static/site.css", 200),
        ("/api/openapi.json", 200),
        ("/api/me", 401),
        ("/healthz", 200),
        ("/no-such-page", 404),
        ("/api/no-such-thing", 404),
        ("/products?page=abc", 422),
        ("/static/missing.css", 404),
    ],
)
def test_every_response_carries_the_security_headers(
    platform: Platform, path: str, status: int
) -> None:
    response = platform.client().get(path)
    assert response.status_code == status
    assert_secured(response)


def test_a_500_page_carries_the_security_headers_too(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(library, "search", broken)
    client = TestClient(platform.client().app, raise_server_exceptions=False)
    response = client.get("/policies")
    assert response.status_code == 500
    assert_secured(response)


def test_the_api_docs_page_has_its_own_policy_and_no_inline_script(platform: Platform) -> None:
    response = platform.client().get("/api/docs")
    assert response.status_code == 200
    assert_secured(response, DOCS_POLICY)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", response.text, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    assert 'src="/static/api-docs.js" data-openapi-url="/api/openapi.json"' in response.text
    assert platform.client().get("/static/api-docs.js").status_code == 200


def _templates() -> list[Path]:
    root = Path(str(resources.files("beizeng.http") / "templates"))
    return sorted(root.glob("*.html"))


@pytest.mark.parametrize("template", _templates(), ids=lambda p: p.name)
def test_no_template_has_inline_script_handlers_or_styles(template: Path) -> None:
    """What the CSP forbids must not be in the pages (script-src 'self', style-src 'self')."""
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", text, re.I), "on…= handler"
    assert "javascript:" not in text.lower()
    assert not re.search(r"\sstyle\s*=", text, re.I), "style attribute"
    assert "<style" not in text.lower()


def test_the_error_page_goes_back_through_a_script_file(platform: Platform) -> None:
    page = platform.client().get("/no-such-page").text
    assert "javascript:" not in page
    assert '<a href="/" data-back>返回上一页</a>' in page
    assert '<script src="/static/back.js" defer></script>' in page


# --- 2. the real client's address behind the proxy -----------------------------------------


@pytest.fixture
def proxied(tmp_path: Path, fresh_db_url: str) -> Iterator[tuple[TestClient, TestClient]]:
    """Two apps on one database: behind a trusted proxy (the TestClient's peer is "testclient")
    and with the default 127.0.0.1, where the same peer is untrusted."""
    engine = db.make_engine(fresh_db_url)
    clients = []
    for trusted in ("testclient", "127.0.0.1"):
        settings = Settings(
            home=tmp_path / "home", database_url=fresh_db_url, trusted_proxies=trusted
        )
        clients.append(TestClient(create_app(settings, clock=FrozenClock(NOW), engine=engine)))
    with Session(engine) as s:
        create_bank_user(s, username="banker")
        s.commit()
    yield clients[0], clients[1]
    for client in clients:
        client.close()
    engine.dispose()


def _sign_in(client: TestClient, token: str, username: str, password: str, address: str) -> int:
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        headers={"X-Forwarded-For": address},
        follow_redirects=False,
    )
    return response.status_code


def _fail_fifty_times(client: TestClient, address: str) -> str:
    token = csrf(client)
    for i in range(50):
        assert _sign_in(client, token, f"nobody{i}", "wrong-password", address) == 401
    return token


def test_fifty_failures_from_one_client_do_not_lock_out_another_behind_the_proxy(
    proxied: tuple[TestClient, TestClient],
) -> None:
    trusted, _ = proxied
    token = _fail_fifty_times(trusted, "203.0.113.7")
    assert _sign_in(trusted, token, "banker", PASSWORD, "203.0.113.7") == 429
    assert _sign_in(trusted, token, "banker", PASSWORD, "198.51.100.20") == 303


def test_an_untrusted_peer_cannot_choose_its_address(
    proxied: tuple[TestClient, TestClient], fresh_db_url: str
) -> None:
    _, untrusted = proxied
    assert _sign_in(untrusted, csrf(untrusted), "nobody", "wrong", "203.0.113.7") == 401
    engine = db.make_engine(fresh_db_url)
    with Session(engine) as s:
        recorded = s.scalars(select(LoginAttempt.address)).all()
    engine.dispose()
    assert recorded == ["testclient"]  # the peer, not the address it claimed


# --- 4. validation messages in Chinese -----------------------------------------------------

_ENGLISH = re.compile(r"Input should|Field required|JSON decode|valid (decimal|integer)")


def test_an_api_422_is_chinese_and_names_the_fields(world: World) -> None:
    response = world.api().post(
        "/api/products",
        json={"name": "贷", "kind": "credit_loan", "guarantee_types": [], "min_amount": "x"},
    )
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"].startswith("提交的内容不符合要求")
    assert not _ENGLISH.search(response.text)
    errors = "\n".join(body["errors"])
    assert "名称（name）：至少 2 个字符" in errors
    assert "担保方式（guarantee_types）：至少 1 项" in errors
    assert "金额下限（元）（min_amount）：应为数字" in errors
    assert "金额上限（元）（max_amount）：必须填写" in errors


def test_broken_json_is_a_chinese_422(world: World) -> None:
    response = world.api().post(
        "/api/products", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert "请求体不是合法的 JSON" in response.json()["detail"]


def test_a_form_422_is_the_chinese_error_page(world: World) -> None:
    client = world.platform.client(world.enterprise)
    response = client.post(
        "/demands/new",
        data={
            "amount_wan": "abc",
            "term_months": "0",
            "purpose": "备货",
            "csrf_token": csrf(client),
        },
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "金额（万元）（amount_wan）：应为数字" in response.text
    assert "期限（月）（term_months）：应不小于 1" in response.text
    assert "担保方式（guarantee_offered）：必须填写" in response.text
    assert not _ENGLISH.search(response.text)


# --- 5. bounds before conversion -----------------------------------------------------------


def test_a_tiny_amount_in_wan_is_a_422_not_a_500(world: World) -> None:
    client = world.platform.client(world.enterprise)
    response = client.post(
        "/demands/new",
        data={
            "amount_wan": "0.0000001",
            "term_months": "12",
            "purpose": "备货",
            "guarantee_offered": "credit",
            "csrf_token": csrf(client),
        },
    )
    assert response.status_code == 422
    assert "金额（万元）（amount_wan）：小数最多 6 位" in response.text


def test_a_tiny_rate_in_percent_is_a_422_not_a_500(world: World) -> None:
    client = world.platform.client(world.bank)
    response = client.post(
        f"/demands/{world.demand_id}/approve",
        data={
            "amount_wan": "10",
            "rate_percent": "0.00000001",
            "term_months": "12",
            "csrf_token": csrf(client, "/demands"),
        },
    )
    assert response.status_code == 422
    assert "年利率（%）（rate_percent）：小数最多 4 位" in response.text


@pytest.mark.parametrize("path", ["/demands", "/products"])
def test_an_absurd_page_number_is_a_422(world: World, path: str) -> None:
    client = world.platform.client(world.enterprise)
    response = client.get(f"{path}?page=99999999999999999999")
    assert response.status_code == 422
    assert "页码（page）：应不大于 100000" in response.text


@pytest.mark.parametrize("at", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00"])
@pytest.mark.parametrize(
    "path",
    [
        "/institutions/{code}/lists",
        "/products/{product}",
        "/api/products/{product}/versions",
        "/api/institutions/{code}/lists",
    ],
)
def test_an_as_of_time_out_of_range_is_a_422(world: World, path: str, at: str) -> None:
    url = path.format(code=world.institution, product=world.product_id)
    response = world.api().get(url, params={"at": at})
    assert response.status_code == 422
    assert "查询时刻（at）：年份应在 2000–2100 之间" in response.text


def test_an_as_of_time_without_offset_is_beijing_time(world: World) -> None:
    # Published at NOW = 2022-06-06 10:00 Beijing time: 09:59 is before, 10:01 after.
    url = f"/api/products/{world.product_id}/versions"
    assert world.api().get(url, params={"at": "2022-06-06T09:59"}).status_code == 404
    assert world.api().get(url, params={"at": "2022-06-06T10:01"}).status_code == 200


@pytest.mark.parametrize(
    "name", [".", "..", ".hidden.csv", "a/b.csv", "a\\b.csv", "名单?.csv", "x" * 300 + ".csv"]
)
def test_an_upload_with_an_unsafe_name_is_a_422_and_writes_nothing(
    world: World, tmp_path: Path, name: str
) -> None:
    client = world.platform.client(world.pboc)
    response = client.post(
        "/outreach/lists",
        data={"csrf_token": csrf(client, "/outreach")},
        files={"file": (name, b"a,b\n", "text/csv")},
    )
    assert response.status_code == 422, response.text
    assert "上传文件的文件名无效" in response.text
    assert not (tmp_path / "home" / "tmp").exists()


def test_a_bank_upload_is_refused_before_anything_is_written(world: World, tmp_path: Path) -> None:
    client = world.platform.client(world.bank)
    response = client.post(
        "/outreach/lists",
        data={"csrf_token": csrf(client, "/demands")},
        files={"file": ("名单.csv", b"a,b\n", "text/csv")},
    )
    assert response.status_code == 403
    assert not (tmp_path / "home" / "tmp").exists()


@pytest.mark.parametrize(
    ("purpose", "problem"),
    [("备货\x00资金", "不能包含控制字符"), ("   ", "不能只有空格"), ("\t\n ", "不能只有空格")],
)
def test_nul_and_blank_text_are_refused(world: World, purpose: str, problem: str) -> None:
    """PostgreSQL refuses NUL in text: without the check this was a 500 there."""
    response = world.platform.client().post(
        "/api/demands",
        json={
            "amount": "1000.00",
            "term_months": 12,
            "purpose": purpose,
            "guarantee_offered": "credit",
        },
        headers={"Authorization": f"Bearer {world.enterprise_token}"},
    )
    assert response.status_code == 422
    assert f"资金用途（purpose）：{problem}" in response.text


@pytest.mark.parametrize("status", ["a\x00b", "\x00"])
def test_nul_in_a_query_filter_is_a_422(world: World, status: str) -> None:
    response = world.api().get("/api/demands", params={"status": status})
    assert response.status_code == 422


def test_a_600_kb_policy_text_is_a_422_naming_the_limit(world: World) -> None:
    """Sent as the page sends it (multipart: the form carries attachments)."""
    client = world.platform.client(world.pboc)
    fields = {
        "title": "长文",
        "issuer": "吕梁市人民政府",
        "issued_on": "2022-05-01",
        "text": "政" * (600 * 1024 // 3),
        "csrf_token": csrf(client, "/policies"),
    }
    response = client.post("/policies", files={k: (None, v) for k, v in fields.items()})
    assert response.status_code == 422
    assert "正文（text）：最多 200000 个字符" in response.text


def test_a_600_kb_url_encoded_policy_text_is_a_413_naming_the_limit(world: World) -> None:
    """URL-encoded, each character takes 9 bytes: over the form's 1 MB for one field."""
    client = world.platform.client(world.pboc)
    response = client.post(
        "/policies",
        data={"text": "政" * (600 * 1024 // 3), "csrf_token": csrf(client, "/policies")},
    )
    assert response.status_code == 413
    assert "超过 1 MB 上限" in response.text


def test_a_policy_text_over_the_form_limit_is_a_413(world: World) -> None:
    client = world.platform.client(world.pboc)
    response = client.post(
        "/policies",
        data={"csrf_token": csrf(client, "/policies")},
        files={"text": (None, "政" * 400_000)},  # 1.2 MB in one multipart field
    )
    assert response.status_code == 413
    assert "超过 1 MB 上限" in response.text


# --- 6. attachments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("办法.pdf", "application/pdf"),
        ("附表.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("page.html", "application/octet-stream"),
        ("logo.svg", "application/octet-stream"),
        ("noext", "application/octet-stream"),
    ],
)
def test_an_attachment_is_a_download_of_a_safe_type(world: World, name: str, expected: str) -> None:
    client = world.platform.client(world.pboc)
    response = client.post(
        "/policies",
        data={
            "title": "附件测试",
            "issuer": "吕梁市人民政府",
            "issued_on": "2022-05-01",
            "text": "正文。",
            "csrf_token": csrf(client, "/policies"),
        },
        files={"attachments": (name, b"<script>alert(1)</script>", "text/html")},
        follow_redirects=True,
    )
    link = re.search(r'href="(/policies/attachments/\d+)"', response.text)
    assert link, response.text
    served = client.get(link.group(1))
    assert served.status_code == 200
    assert served.headers["content-type"] == expected
    disposition = served.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["content-security-policy"].startswith("sandbox")
