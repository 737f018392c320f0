"""The calendar page of pboc and the reminder banner (issue 10.1: the web has the same)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from beizeng.config import get_settings
from beizeng.demand import service as demands
from beizeng.demand.schemas import DemandCreate
from tests.account.factories import create_bank_user, create_enterprise_user, create_user, publish
from tests.holiday.notices import NOTICE_2027
from tests.web.conftest import Platform, csrf

DECEMBER_1ST = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def _users(platform: Platform) -> tuple[str, str]:
    with platform.session() as s:
        pboc = create_user(s, "pboc").username
        bank = create_bank_user(s).username
        s.commit()
    return pboc, bank


def test_pboc_loads_a_notice_in_the_web_and_the_banner_goes_away(platform: Platform) -> None:
    platform.clock.at = DECEMBER_1ST
    pboc, _ = _users(platform)
    client = platform.client(pboc)
    page = client.get("/demands")
    assert 'id="calendar-banner"' in page.text and "2027 年法定节假日安排尚未载入" in page.text

    response = client.post(
        "/calendar",
        data={"csrf_token": csrf(client, "/calendar")},
        files={"file": ("2027.toml", NOTICE_2027.encode(), "application/toml")},
    )
    assert response.status_code == 200, response.text
    assert "已载入 2027 年节假日安排（国办发明电〔2026〕N号）" in response.text
    assert 'id="calendar-banner"' not in response.text
    listing = client.get("/calendar").text
    assert "国务院通知（已载入）" in listing and pboc in listing
    assert 'id="calendar-banner"' not in client.get("/demands").text


def test_no_banner_before_december_and_none_for_banks(platform: Platform) -> None:
    pboc, bank = _users(platform)
    platform.clock.at = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
    assert 'id="calendar-banner"' not in platform.client(pboc).get("/demands").text
    platform.clock.at = DECEMBER_1ST
    assert 'id="calendar-banner"' not in platform.client(bank).get("/demands").text


def test_only_pboc_sees_or_loads_the_calendar(platform: Platform) -> None:
    _, bank = _users(platform)
    client = platform.client(bank)
    assert client.get("/calendar").status_code == 403
    response = client.post(
        "/calendar",
        data={"csrf_token": csrf(client, "/demands")},
        files={"file": ("2027.toml", NOTICE_2027.encode(), "application/toml")},
    )
    assert response.status_code == 403


def test_a_bad_notice_in_the_web_is_a_422_with_the_rule(platform: Platform) -> None:
    pboc, _ = _users(platform)
    client = platform.client(pboc)
    response = client.post(
        "/calendar",
        data={"csrf_token": csrf(client, "/calendar")},
        files={
            "file": (
                "2027.toml",
                b'year = 2027\nsource = "x"\nholidays = ["2027-13-01"]\nworkdays = []\n',
                "application/toml",
            )
        },
    )
    assert response.status_code == 422
    assert "2027-13-01" in response.text and "YYYY-MM-DD" in response.text


def test_a_provisional_deadline_shown_in_the_web_is_recomputed_when_pboc_loads_the_year(
    platform: Platform,
) -> None:
    """Done when (issue 10), on the app's frozen clock: 2026-12-28, no 2027 notice yet."""
    platform.clock.at = datetime(2026, 12, 28, 2, 0, tzinfo=UTC)
    with platform.session() as s:
        pboc = create_user(s, "pboc").username
        bank = create_bank_user(s)
        enterprise = create_enterprise_user(s)
        demand = demands.post_demand(
            s,
            settings=get_settings(),
            principal=enterprise,
            data=DemandCreate(
                amount=Decimal("300000"),
                term_months=12,
                purpose="购买原材料",
                guarantee_offered="credit",
                product_id=publish(s, bank),
            ),
            now=platform.clock.now(),
        )
        s.commit()
    banker = platform.client(bank.username)
    page = banker.get(f"/demands/{demand.id}").text
    assert "2027-01-04" in page and "（暂定）" in page
    accepted = banker.post(
        f"/demands/{demand.id}/accept",
        data={"csrf_token": csrf(banker, f"/demands/{demand.id}")},
        follow_redirects=False,
    )
    assert accepted.status_code == 303  # the bank picks it up although 2027 is not loaded

    admin = platform.client(pboc)
    admin.post(
        "/calendar",
        data={"csrf_token": csrf(admin, "/calendar")},
        files={"file": ("2027.toml", NOTICE_2027.encode(), "application/toml")},
    )
    page = banker.get(f"/demands/{demand.id}").text
    assert "2027-01-05" in page and "（暂定）" not in page
