"""Browser journey of the submissions (Playwright + Debian chromium, issue 13 point 1): a bank
uploads a bad ledger, downloads the error workbook, uploads the fixed one; pboc sees the board.
Screenshots in ``test-artifacts/screenshots/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect

from beizeng.config import get_settings
from beizeng.models.account import User
from tests.account.factories import create_bank_user, create_institution, create_user
from tests.ledger.builders import row, write_csv, write_xlsx
from tests.web.test_browser import Live, _login, _logout, _shot, browser, live

pytestmark = pytest.mark.browser
__all__ = ["browser", "live"]


@pytest.fixture
def banks_live(live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    monkeypatch.setenv("BEIZENG_HOME", str(tmp_path / "home"))  # LedgerScan's home
    get_settings.cache_clear()
    with live.platform.session() as s:
        first = create_institution(s, code="LSNSH", name="山西离石农村商业银行")
        second = create_institution(s, code="JCBLL", name="晋商银行吕梁分行")
        for principal, name in (
            (create_bank_user(s, first), "bank_nsh"),
            (create_bank_user(s, second), "bank_jsb"),
            (create_user(s, "pboc"), "pboc_admin"),
        ):
            user = s.get(User, principal.user_id)
            assert user is not None
            user.username = name
        s.commit()
    yield live
    get_settings.cache_clear()


def test_a_bank_fixes_a_refused_ledger_from_the_error_workbook_and_pboc_sees_the_board(
    banks_live: Live, browser: Browser, tmp_path: Path
) -> None:
    live = banks_live
    bad = write_csv(
        tmp_path / "2022年5月台账.csv",
        [row(1), row(2, balance="3,000,000"), row(3, maturity_date="2021-01-01")],
    )
    page = browser.new_page(locale="zh-CN", accept_downloads=True)
    _login(page, live.url, "bank_nsh")
    page.click("text=台账报送")
    expect(page.locator("h1")).to_contain_text("山西离石农村商业银行")
    page.fill("input[name=period]", "2022-05")
    page.set_input_files("input[name=file]", str(bad))
    page.click("#upload-form button[type=submit]")
    expect(page.locator("#outcome")).to_have_attribute("data-outcome", "refused")
    expect(page.locator("#problem-total")).to_have_text("2")
    expect(page.locator("#problems")).to_contain_text("到期日期")
    _shot(page, "41-bank-ledger-refused")

    with page.expect_download() as caught:
        page.click("#error-workbook")
    saved = tmp_path / "错误清单.xlsx"
    caught.value.save_as(saved)
    listing = load_workbook(saved)["错误清单"]
    assert {listing.cell(r, 1).value for r in range(2, listing.max_row + 1)} == {3, 4}

    fixed = write_xlsx(tmp_path / "2022年5月台账（更正）.xlsx", [row(1), row(2), row(3)])
    page.fill("input[name=period]", "2022-05")
    page.set_input_files("input[name=file]", str(fixed))
    page.click("#upload-form button[type=submit]")
    expect(page.locator("#outcome")).to_have_attribute("data-outcome", "accepted")
    expect(page.locator("#accepted-rows")).to_have_text("3")
    expect(page.locator("#calibers")).to_contain_text("普惠小微贷款（人民银行口径）")
    expect(page.locator("#ledger-history")).to_contain_text("2022年5月台账（更正）.xlsx")
    _shot(page, "42-bank-ledger-accepted")
    _logout(page)

    live.clock.advance(days=10)  # 16 June: past the due day (15 June, the 10th working day)
    _login(page, live.url, "pboc_admin")
    page.click("text=报送情况")
    page.fill("input[name=period]", "2022-05")
    page.click("#submission-board button")
    board = page.locator("#board")
    expect(board.locator("tr[data-code=LSNSH]")).to_contain_text("按时报送")
    expect(board.locator("tr[data-code=JCBLL]")).to_contain_text("逾期未报送")
    page.click("#remind-form button")
    expect(page.locator("#reminded")).to_contain_text("已向 1 家")
    _shot(page, "43-pboc-submission-board")
    _logout(page)

    _login(page, live.url, "bank_jsb")
    page.goto(f"{live.url}/inbox")
    expect(page.locator("#inbox")).to_contain_text("请报送 2022年5月 贷款台账")
    page.close()
