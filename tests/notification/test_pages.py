"""The inbox in the web and the API: the header's unread count, marking read, a bank system's
token reading its user's notifications."""

from __future__ import annotations

from datetime import datetime, timedelta

from beizeng.config import Settings
from beizeng.notification import service as notifications
from tests.account.factories import NOW, create_bank_user, create_token
from tests.web.conftest import Platform, post_form


def test_the_header_counts_unread_notifications_until_they_are_read(platform: Platform) -> None:
    with platform.session() as s:
        bank = create_bank_user(s, username="teller1")
        for n in (1, 2):
            notifications.notify(
                s,
                user_ids=[bank.user_id],
                message=notifications.Message(
                    kind="notice_received", title=f"2022 年 6 月监测通报 {n}", link="/inbox"
                ),
                settings=Settings(),
                now=NOW,
            )
        _, token = create_token(s, bank, "demands:read", name="信贷系统")
        s.commit()
    client = platform.client("teller1")
    page = client.get("/products").text
    assert 'id="unread">2<' in page
    inbox = client.get("/inbox").text
    assert "2022 年 6 月监测通报 1" in inbox and "收到通报" in inbox

    api = platform.client().get("/api/notifications", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200
    assert sorted(n["title"] for n in api.json()) == [
        "2022 年 6 月监测通报 1",
        "2022 年 6 月监测通报 2",
    ]
    for item in api.json():
        assert item["read_at"] is None
        assert datetime.fromisoformat(item["created_at"]).utcoffset() == timedelta(0)

    assert post_form(client, "/inbox/read", {}, page="/inbox").status_code == 303  # type: ignore[attr-defined]
    assert 'id="unread"' not in client.get("/products").text
    unread = platform.client().get(
        "/api/notifications?unread=true", headers={"Authorization": f"Bearer {token}"}
    )
    assert unread.json() == []


def test_marking_read_without_the_csrf_token_is_refused(platform: Platform) -> None:
    with platform.session() as s:
        create_bank_user(s, username="teller2")
        s.commit()
    client = platform.client("teller2")
    assert client.post("/inbox/read", data={}, follow_redirects=False).status_code == 403
