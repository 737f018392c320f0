"""Browser journey of the policy tools (issue 13 point 2; Playwright + Debian chromium): a bank
applies for relending from its current ledger and sees each loan's eligibility, a pboc maker
reviews, a different pboc checker approves after signing in with the second factor, and the bank
sees the draw. Screenshots in ``test-artifacts/screenshots/``."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from beizeng.account import totp
from beizeng.config import get_settings
from beizeng.institution.service import import_registry, packaged_registry
from tests.account.factories import PASSWORD, create_user, enrol_totp
from tests.tools.factories import import_rows, loan
from tests.web.test_browser import Live, _login, _logout, _shot, browser, live

pytestmark = pytest.mark.browser
__all__ = ["browser", "live"]


def _login_with_code(page: Page, live: Live, username: str, secret: str) -> None:
    page.goto(f"{live.url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("input[name=code]")).to_be_visible()
    page.fill("input[name=code]", totp.code_at(secret, live.clock.now()))
    page.click("button[type=submit]")
    expect(page.locator(".who")).to_be_visible()


def test_a_bank_applies_a_maker_reviews_a_checker_approves_and_the_bank_sees_the_draw(
    live: Live, browser: Browser, ledger_home: Path
) -> None:
    with live.platform.session() as s:
        import_registry(s, path=packaged_registry(), settings=get_settings())
        import_rows(
            s,
            ledger_home,
            "LLRCB",
            "2022-05",
            [loan("T1", "1000000"), loan("T2", "3000000", enterprise_size="large")],
        )
        create_user(s, "bank", username="llrcb_clerk", institution_code="LLRCB")
        create_user(s, "pboc", username="pboc_maker")
        secret = enrol_totp(s, create_user(s, "pboc", username="pboc_checker"))
        s.commit()
    live.clock.advance(minutes=1)

    page = browser.new_page(locale="zh-CN")
    _login(page, live.url, "llrcb_clerk")
    page.goto(f"{live.url}/tools")
    page.click("#apply-relending")
    expect(page.locator("#loan-T1 .verdict")).to_have_text("合格")
    expect(page.locator("#loan-T2 .verdict")).to_have_text("不合格")
    expect(page.locator("#loan-T2")).to_contain_text("企业规模「大型」不在支持范围内")
    _shot(page, "41-bank-relending-eligibility")
    page.click("#submit-picked")
    expect(page.locator("#batch-status")).to_have_text("待初审")
    batch_url = page.url
    _logout(page)

    _login(page, live.url, "pboc_maker")
    page.goto(f"{live.url}/inbox")
    expect(page.locator("body")).to_contain_text("待初审")
    page.goto(batch_url)
    page.fill("#review input[name=remarks]", "借据与台账一致")
    page.click("#review-pass")
    expect(page.locator("#batch-status")).to_have_text("待审批")
    expect(page.locator("#review-record")).to_contain_text("pboc_maker")
    _shot(page, "42-pboc-maker-reviewed")
    _logout(page)

    _login_with_code(page, live, "pboc_checker", secret)
    page.goto(batch_url)
    page.fill("#decide input[name=draw_date]", "2022-06-08")
    _shot(page, "43-pboc-checker-approves")
    page.click("#approve")
    expect(page.locator("#batch-status")).to_have_text("已发放")
    expect(page.locator("#batch-approver")).to_have_text("pboc_checker")
    _logout(page)

    _login(page, live.url, "llrcb_clerk")
    page.goto(batch_url)
    expect(page.locator("#draw-date")).to_have_text("2022-06-08")
    expect(page.locator("#draw-amount")).to_have_text("100.00")
    expect(page.locator("#maturity-date")).to_have_text("2023-06-08")
    _shot(page, "44-bank-sees-the-draw")
    page.goto(f"{live.url}/inbox")
    expect(page.locator("body")).to_contain_text("已审批发放 100.00万元")
    page.close()
