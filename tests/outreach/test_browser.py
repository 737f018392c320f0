"""Browser journeys of part 2 (Playwright + Debian chromium): gov uploads a list, a bank records
contacts, a demand is raised from a contact, a later ledger closes the loop and the funnel shows
it; pboc opens the dashboard and the county map. Screenshots in ``test-artifacts/screenshots/``."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.ledger.builders import uscc
from tests.outreach.helpers import entity, import_ledger, loan, two_banks, write_list
from tests.web.test_browser import Live, _login, _logout, _shot, browser, live

pytestmark = pytest.mark.browser
__all__ = ["browser", "live"]


@pytest.fixture
def part2(live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Live:
    from beizeng.config import get_settings
    from beizeng.models.account import User
    from tests.account.factories import create_enterprise_user

    monkeypatch.setenv("BEIZENG_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    with live.platform.session() as s:
        users = two_banks(s, tmp_path)
        for principal, name in zip(
            users, ("pboc_admin", "gov_scjg", "bank_icbc", "bank_abc"), strict=True
        ):
            user = s.get(User, principal.user_id)
            assert user is not None
            user.username = name
        create_enterprise_user(
            s, username="muer", uscc=uscc(3), name="柳林县晋茂木耳有限公司", county_code="141125"
        )
        s.commit()
    return live


def test_list_contacts_demand_and_a_later_ledger_close_the_loop(
    part2: Live, browser: Browser, tmp_path: Path
) -> None:
    live = part2
    listed = write_list(
        tmp_path / "无贷户名单.csv",
        [entity(3, "141125", "LL-01", "柳林县晋茂木耳有限公司"), entity(4, "141125", "LL-01")],
    )
    page = browser.new_page(locale="zh-CN")
    _login(page, live.url, "gov_scjg")
    page.goto(f"{live.url}/outreach")
    page.set_input_files("input[name=file]", str(listed))
    page.fill("input[name=title]", "2022年7月无贷户名单")
    _shot(page, "21-gov-upload-list")
    page.click("#upload button[type=submit]")
    expect(page.locator("#lists")).to_contain_text("2022年7月无贷户名单")
    _logout(page)

    _login(page, live.url, "muer")
    page.goto(f"{live.url}/demands/new")
    page.fill("input[name=amount_wan]", "30")
    page.fill("textarea[name=purpose]", "木耳菌棒采购")
    page.click("button[type=submit]")
    expect(page.locator("#status")).to_have_text("已提交")
    demand_url = page.url
    _logout(page)

    _login(page, live.url, "bank_icbc")
    page.goto(f"{live.url}/outreach")
    expect(page.locator("#held")).to_contain_text("柳林县晋茂木耳有限公司")
    _shot(page, "22-bank-assigned-entities")
    page.click("text=柳林县晋茂木耳有限公司")
    page.select_option("select[name=outcome]", "visited")
    page.fill("textarea[name=note]", "上门走访，了解菌棒采购资金需求")
    page.click("#record")
    expect(page.locator("#contacts")).to_contain_text("已走访")
    page.select_option("select[name=outcome]", "demand")
    page.select_option("select[name=demand_id]", index=1)
    page.click("#record")
    expect(page.locator("#contacts")).to_contain_text("提出融资需求")
    _shot(page, "23-bank-contacts-demand")
    page.goto(demand_url)
    page.click("#accept")
    expect(page.locator("#status")).to_have_text("已受理")
    _logout(page)

    with live.platform.session() as s:  # August: ICBC's ledger shows the first loan
        import_ledger(
            s,
            tmp_path,
            "ICBCLL",
            "2022-07",
            [loan(1, uscc(900001), "141102"), loan(8, uscc(3), "141125", "2022-07-25")],
        )
        s.commit()

    _login(page, live.url, "pboc_admin")
    page.goto(f"{live.url}/outreach?by=bank")
    expect(page.locator("#funnel-total [data-stage=first_loan]")).to_have_text("1")
    expect(page.locator("#funnel-total [data-stage=demand]")).to_have_text("1")
    _shot(page, "24-pboc-funnel-loop-closed")
    page.goto(f"{live.url}/dashboard?metric=inclusive_smb")
    expect(page.locator("#county-map svg g[data-county]")).to_have_count(13)
    expect(page.locator("#funnel-total [data-stage=first_loan]")).to_have_text("1")
    _shot(page, "25-pboc-dashboard")
    page.locator("#county-map").screenshot(
        path=str(
            Path(__file__).resolve().parents[2]
            / "test-artifacts"
            / "screenshots"
            / "26-county-map.png"
        )
    )
    page.close()
