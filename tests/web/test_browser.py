"""Real-browser journeys through the platform (Playwright driving Debian's chromium).

The server runs in a thread on a free loopback port against a fresh database; the clock is
frozen and moved forward to make a demand overdue, never slept. Screenshots of the main pages
go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from beizeng import db
from beizeng.config import Settings
from beizeng.kit.clock import FrozenClock
from beizeng.web.app import create_app
from tests.account.factories import NOW, PASSWORD, create_bank_user, create_user, make_uscc
from tests.web.conftest import Platform

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Live:
    url: str
    clock: FrozenClock
    platform: Platform


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live(tmp_path: Path, fresh_db_url: str) -> Iterator[Live]:
    engine = db.make_engine(fresh_db_url)
    clock = FrozenClock(NOW)
    app = create_app(
        Settings(home=tmp_path / "home", database_url=fresh_db_url), clock=clock, engine=engine
    )
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield Live(f"http://127.0.0.1:{port}", clock, Platform(engine, clock, lambda: None))  # type: ignore[arg-type,return-value]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _login(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator(".who")).to_be_visible()


def _logout(page: Page) -> None:
    page.click("text=退出")


def _staff(live: Live) -> None:
    with live.platform.session() as s:
        create_bank_user(s, username="bank_icbc", display_name="工行客户经理")
        create_user(s, "pboc", username="pboc_admin", display_name="人行吕梁中支")
        s.commit()


def _post_demand(page: Page, url: str, amount: str, purpose: str) -> str:
    page.goto(f"{url}/demands/new")
    page.fill("input[name=amount_wan]", amount)
    page.fill("textarea[name=purpose]", purpose)
    page.click("button[type=submit]")
    expect(page.locator("#status")).to_have_text("已提交")
    return page.url


def test_enterprise_posts_bank_rejects_with_reason_and_enterprise_sees_it(
    live: Live, browser: Browser
) -> None:
    _staff(live)
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{live.url}/register")
    page.fill("input[name=uscc]", make_uscc(county="141125"))
    page.fill("input[name=name]", "柳林县晋茂木耳有限公司")
    page.fill("input[name=legal_person]", "贺永强")
    page.select_option("select[name=county_code]", "141125")
    page.fill("input[name=industry_code]", "A0141")
    page.fill("input[name=username]", "muer")
    page.fill("input[name=password]", PASSWORD)
    _shot(page, "01-register")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("柳林县晋茂木耳有限公司")
    page.fill("input[name=employees]", "12")
    page.fill("input[name=revenue_wan]", "30")
    page.fill("input[name=assets_wan]", "200")
    page.click("text=保存")
    expect(page.locator("#size")).to_contain_text("微型")
    _shot(page, "02-enterprise-profile")
    demand_url = _post_demand(page, live.url, "20", "购买木耳菌棒")
    _shot(page, "03-demand-posted")
    _logout(page)

    _login(page, live.url, "bank_icbc")
    page.goto(f"{live.url}/demands?scope=open")
    expect(page.locator("#demands")).to_contain_text("柳林县晋茂木耳有限公司")
    _shot(page, "04-bank-open-demands")
    page.goto(demand_url)
    page.click("#accept")
    expect(page.locator("#status")).to_have_text("已受理")
    expect(page.locator("#clock")).to_contain_text("剩余 5 个工作日")
    page.select_option("select[name=reason]", "collateral")
    page.fill("textarea[name=note]", "请提供合作社成员联保")
    _shot(page, "05-bank-demand-detail")
    page.click("#reject")
    expect(page.locator("#status")).to_have_text("未获批")
    _logout(page)

    _login(page, live.url, "muer")
    page.goto(demand_url)
    expect(page.locator("#reason")).to_contain_text("担保或抵质押条件不足：请提供合作社成员联保")
    _shot(page, "06-enterprise-sees-reason")
    page.close()


def test_a_demand_goes_overdue_and_pboc_sees_it(live: Live, browser: Browser) -> None:
    _staff(live)
    from tests.account.factories import create_enterprise_user

    with live.platform.session() as s:
        create_enterprise_user(s, username="zaoye", name="离石区红枣食品有限公司")
        s.commit()
    page = browser.new_page(locale="zh-CN")
    _login(page, live.url, "zaoye")
    demand_url = _post_demand(page, live.url, "50", "红枣收购季节性资金")
    _logout(page)
    _login(page, live.url, "bank_icbc")
    page.goto(demand_url)
    page.click("#accept")
    expect(page.locator("#clock")).to_contain_text("剩余 5 个工作日")
    _logout(page)

    live.clock.advance(days=9)  # Monday 6-6 → Wednesday 6-15: deadline 6-13 has passed

    _login(page, live.url, "pboc_admin")
    page.goto(f"{live.url}/supervision")
    expect(page.locator("#overdue-total")).to_have_text("1")
    expect(page.locator("table.overdue")).to_contain_text("离石区红枣食品有限公司")
    expect(page.locator("table.overdue")).to_contain_text("已逾期 2 个工作日")
    _shot(page, "07-pboc-supervision")
    page.goto(f"{live.url}/demands?overdue=1")
    expect(page.locator("#demands")).to_contain_text("离石区红枣食品有限公司")
    _shot(page, "08-pboc-overdue-list")
    page.goto(f"{live.url}/products")
    _shot(page, "09-products")
    page.close()
