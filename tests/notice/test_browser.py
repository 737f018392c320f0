"""Browser journey of issue 13 point 3 (Playwright + Debian chromium): pboc previews and issues
the notices, the bank acknowledges and files its measures with a file, pboc's tracking shows it.
Screenshots in ``test-artifacts/screenshots/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from beizeng.config import get_settings
from beizeng.models.institution import Institution
from tests.account.factories import create_bank_user, create_user
from tests.monitor.ledgers import add_banks, import_example
from tests.notice.helpers import lists_published
from tests.web.test_browser import Live, _login, _logout, _shot, browser, live

pytestmark = pytest.mark.browser
__all__ = ["browser", "live"]


@pytest.fixture
def noticed(live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    monkeypatch.setenv("BEIZENG_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    with live.platform.session() as s:
        add_banks(s)
        import_example(s, tmp_path / "in")
        banka = s.scalars(select(Institution).where(Institution.code == "BANKA")).one()
        other = s.scalars(select(Institution).where(Institution.code == "BANKB")).one()
        lists_published(  # only 甲银行's ledger targets fail (C-3.4.1 met by both)
            s,
            create_bank_user(s, banka, username="bank_a", display_name="甲银行吕梁分行普惠部"),
            create_bank_user(s, other, username="bank_b"),
        )
        create_user(s, "pboc", username="pboc_admin", display_name="人行吕梁中支")
        s.commit()
    yield live
    get_settings.cache_clear()


def test_pboc_issues_notices_the_bank_acknowledges_and_files_measures_pboc_tracks_it(
    noticed: Live, browser: Browser, tmp_path: Path
) -> None:
    live = noticed
    plan = tmp_path / "整改方案.pdf"
    plan.write_bytes(b"%PDF-1.4 rectification plan")
    page = browser.new_page(locale="zh-CN")

    _login(page, live.url, "pboc_admin")
    page.goto(f"{live.url}/notices/issue")
    page.select_option("select[name=period]", "2022-12")
    page.click("#preview-button")
    expect(page.locator("#preview tr[data-code=BANKA]")).to_contain_text("待下发")
    _shot(page, "31-pboc-notice-preview")
    page.click("#issue-button")
    expect(page.locator("#tracking [data-count=issued]")).to_have_text("1")
    expect(page.locator("#tracking tr[data-stage=unacknowledged]")).to_contain_text(
        "甲银行吕梁分行"
    )
    _logout(page)

    _login(page, live.url, "bank_a")
    page.goto(f"{live.url}/inbox")
    page.click("text=收到督导通报")
    expect(page.locator("#stage")).to_have_text("待签收")
    with page.expect_download() as download:
        page.click("#download-notice")
    assert download.value.suggested_filename.endswith("督导通报.docx")
    page.click("#acknowledge")
    expect(page.locator("#stage")).to_have_text("已签收，待报送整改措施")
    page.fill("textarea[name=text]", "一、加大首贷户拓展力度；二、优化内部考核激励。")
    page.set_input_files("input[name=attachments]", str(plan))
    _shot(page, "32-bank-files-measures")
    page.click("#file-measures")
    expect(page.locator("#stage")).to_have_text("已按期报送整改措施")
    expect(page.locator("#measures")).to_contain_text("整改方案.pdf")
    _logout(page)

    _login(page, live.url, "pboc_admin")
    page.goto(f"{live.url}/notices/tracking")
    row = page.locator("#tracking tr[data-stage=filed]")
    expect(row).to_contain_text("甲银行吕梁分行")
    expect(page.locator("#tracking [data-count=acknowledged]")).to_have_text("1")
    expect(page.locator("#tracking [data-count=filed]")).to_have_text("1")
    _shot(page, "33-pboc-notice-tracking")
    row.locator("a").click()
    expect(page.locator("#measures")).to_contain_text("加大首贷户拓展力度")
    page.close()
