"""Browser journey of issue 13 point 4 (Playwright + Debian chromium): pboc evaluates a period,
looks at the rankings, the counties and a trend, loads a new plan version (a broken file first,
refused with its line), and downloads the indicator workbook. Screenshots in
``test-artifacts/screenshots/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from beizeng.config import get_settings
from beizeng.monitor.service import default_plan_text
from tests.account.factories import create_user
from tests.monitor.ledgers import add_banks, import_example
from tests.web.test_browser import Live, _login, _shot, browser, live

pytestmark = pytest.mark.browser
__all__ = ["browser", "live"]


@pytest.fixture
def monitored(live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    monkeypatch.setenv("BEIZENG_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    with live.platform.session() as s:
        add_banks(s)
        import_example(s, tmp_path / "in")
        create_user(s, "pboc", username="pboc_admin", display_name="人行吕梁中支")
        s.commit()
    yield live
    get_settings.cache_clear()


def test_pboc_evaluates_ranks_loads_a_plan_and_downloads_the_workbook(
    monitored: Live, browser: Browser, tmp_path: Path
) -> None:
    live = monitored
    page = browser.new_page(locale="zh-CN")
    _login(page, live.url, "pboc_admin")
    page.click("nav >> text=监测评估")
    page.select_option("#choose-period select[name=period]", "2022-12")
    page.click("#choose-period button")
    expect(page.locator("h1")).to_contain_text("2022年12月末")
    expect(page.locator("#results")).to_contain_text("各项贷款增速达到10%以上")
    _shot(page, "41-monitor-evaluation")

    page.click("#monitor-tabs >> text=机构排名")
    expect(page.locator("table.ranking").first).to_be_visible()
    _shot(page, "42-monitor-rankings")
    page.click("#monitor-tabs >> text=分县情况")
    expect(page.locator("#counties")).to_contain_text("万元")
    page.click("#monitor-tabs >> text=指标走势")
    expect(page.locator("figure.chart svg").first).to_be_visible()
    _shot(page, "43-monitor-trends")

    page.click("#monitor-tabs >> text=目标计划")
    broken = tmp_path / "broken.toml"
    broken.write_text(default_plan_text().replace("year = 2022", "year = 22"), encoding="utf-8")
    page.set_input_files("#load-plan input[name=file]", str(broken))
    page.click("#load-plan button")
    expect(page.locator("body")).to_contain_text("字段「year」")
    expect(page.locator("body")).to_contain_text("第 17 行")
    _shot(page, "44-monitor-plan-refused")

    page.goto(f"{live.url}/monitor/plans")
    good = tmp_path / "lvliang-2023.toml"
    good.write_text(default_plan_text().replace("吕梁市2022年", "吕梁市2023年"), encoding="utf-8")
    page.set_input_files("#load-plan input[name=file]", str(good))
    page.fill("#load-plan input[name=note]", "2023 年目标")
    page.click("#load-plan button")
    expect(page.locator("#loaded")).to_contain_text("已载入第 1 版目标计划")
    expect(page.locator("#versions tr[data-version='1']")).to_contain_text("启用中")
    _shot(page, "45-monitor-plans")

    page.click("#monitor-tabs >> text=目标评估")
    expect(page.locator("#plan-in-use")).to_contain_text("吕梁市2023年")
    with page.expect_download() as download:
        page.click("#downloads >> text=指标工作簿（xlsx）")
    assert download.value.suggested_filename.endswith(".xlsx")


PAGES = Path(__file__).resolve().parents[2] / "test-artifacts" / "pages"


def _page_shot(page: Page, name: str) -> None:
    PAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(PAGES / f"{name}.png"), full_page=True)


def test_the_pages_people_read_are_photographed(monitored: Live, browser: Browser) -> None:
    """Issue 14: the dashboard (pboc, a bank), the evaluation, rankings, county and trend pages
    in a real browser, saved under ``test-artifacts/pages/`` to be looked at."""
    live = monitored
    with live.platform.session() as s:
        create_user(s, "bank", username="banka_user", institution_code="BANKA")
        s.commit()
    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    _login(page, live.url, "pboc_admin")
    page.goto(f"{live.url}/dashboard")
    expect(page.locator("#targets")).to_be_visible()
    expect(page.locator("#county-map svg")).to_be_visible()
    _page_shot(page, "dashboard-pboc")
    for path, name in (
        ("/monitor?period=2022-12", "monitor-evaluation"),
        ("/monitor/rankings?period=2022-12", "monitor-rankings"),
        ("/monitor/counties?period=2022-12", "monitor-counties"),
        ("/monitor/trends?period=2022-12&months=13", "monitor-trends"),
    ):
        page.goto(f"{live.url}{path}")
        expect(page.locator("h1")).to_contain_text(
            "2022年12月末" if "trends" not in path else "指标走势"
        )
        _page_shot(page, name)
    with page.expect_download() as download:
        page.goto(f"{live.url}/dashboard")
        page.locator("a.png").first.click()
    assert download.value.suggested_filename.endswith(".png")
    bank = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    _login(bank, live.url, "banka_user")
    bank.goto(f"{live.url}/dashboard")
    expect(bank.locator("h1")).to_contain_text("甲银行吕梁分行看板")
    _page_shot(bank, "dashboard-bank")
