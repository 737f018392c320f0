"""Notifications (issue 13 point 5): sent inside the use case that causes them, once per key,
read only by their recipient, handed to the channels without a channel ever failing the work."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from beizeng.config import Settings
from beizeng.deadline import service as deadlines
from beizeng.demand import service as demands
from beizeng.demand.schemas import DemandCreate
from beizeng.notification import channels
from beizeng.notification import service as notifications
from tests.account.factories import (
    NOW,
    create_bank_user,
    create_enterprise_user,
    create_institution,
    create_user,
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home")


def _message(**kw: object) -> notifications.Message:
    values: dict[str, object] = {"kind": "approval_waiting", "title": "再贷款批次 3 待审批"}
    values.update(kw)
    return notifications.Message(**values)  # type: ignore[arg-type]


def test_a_message_reaches_each_recipient_once_and_only_they_read_it(
    session: Session, settings: Settings
) -> None:
    a, b = create_user(session, "pboc"), create_user(session, "pboc")
    message = _message(link="/tools/relending/3", dedupe_key="batch:3")
    assert (
        notifications.notify(
            session,
            user_ids=[a.user_id, a.user_id, b.user_id],
            message=message,
            settings=settings,
            now=NOW,
        )
        == 2
    )
    again = notifications.notify(
        session, user_ids=[a.user_id], message=message, settings=settings, now=NOW
    )
    assert again == 0  # the daily sweep that runs twice reminds once
    assert [n.title for n in notifications.inbox(session, principal=a)] == ["再贷款批次 3 待审批"]
    assert notifications.unread_count(session, principal=b) == 1
    assert notifications.mark_read(session, principal=a, ids=None, now=NOW) == 1
    assert notifications.unread_count(session, principal=a) == 0
    assert notifications.unread_count(session, principal=b) == 1  # b's copy is b's


def test_another_users_notification_cannot_be_marked_read(
    session: Session, settings: Settings
) -> None:
    a, b = create_user(session, "pboc"), create_user(session, "pboc")
    notifications.notify(
        session, user_ids=[b.user_id], message=_message(), settings=settings, now=NOW
    )
    theirs = notifications.inbox(session, principal=b)[0].id
    assert notifications.mark_read(session, principal=a, ids=[theirs], now=NOW) == 0
    assert notifications.unread_count(session, principal=b) == 1


def test_links_stay_on_the_platform_and_kinds_are_known(
    session: Session, settings: Settings
) -> None:
    a = create_user(session, "pboc")
    notifications.notify(
        session,
        user_ids=[a.user_id],
        message=_message(link="https://evil.example/phish"),
        settings=settings,
        now=NOW,
    )
    assert notifications.inbox(session, principal=a)[0].link == ""
    with pytest.raises(KeyError):
        notifications.notify(
            session, user_ids=[a.user_id], message=_message(kind="spam"), settings=settings, now=NOW
        )


def test_the_log_channel_writes_and_a_failing_channel_does_not_fail_the_work(
    session: Session, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken:
        name = "broken"

        def send(self, message: channels.Outgoing, *, home: Path) -> None:
            raise ConnectionError("SMS gateway down")

    monkeypatch.setattr(channels, "_CHANNELS", [channels.LogChannel(), Broken()])
    a = create_user(session, "pboc")
    sent = notifications.notify(
        session, user_ids=[a.user_id], message=_message(), settings=settings, now=NOW
    )
    assert sent == 1
    log = (settings.resolved_home / "logs" / "notifications.log").read_text(encoding="utf-8")
    assert f"{a.user_id}\tapproval_waiting\t再贷款批次 3 待审批" in log


def _demand(session: Session, settings: Settings) -> int:
    enterprise = create_enterprise_user(session)
    data = DemandCreate(
        amount=Decimal("500000"), term_months=12, purpose="购买原材料", guarantee_offered="credit"
    )
    return demands.post_demand(
        session, settings=settings, principal=enterprise, data=data, now=NOW
    ).id


def test_an_assigned_demand_notifies_the_banks_users_only(
    session: Session, settings: Settings
) -> None:
    institution = create_institution(session)
    teller, manager = create_bank_user(session, institution), create_bank_user(session, institution)
    outsider = create_bank_user(session)
    demand_id = _demand(session, settings)
    demands.assign_demand(
        session,
        settings=settings,
        principal=create_user(session, "gov"),
        demand_id=demand_id,
        institution_code=institution.code,
        now=NOW,
    )
    for user in (teller, manager):
        (row,) = notifications.inbox(session, principal=user)
        assert row.kind == "demand_assigned" and row.link == f"/demands/{demand_id}"
        assert "2022-06-13" in row.title  # the five-working-day deadline (C-3.4.2)
    assert notifications.inbox(session, principal=outsider) == []


def test_the_daily_sweep_reminds_a_bank_of_tomorrows_deadline_once(
    session: Session, settings: Settings
) -> None:
    bank = create_bank_user(session)
    demand_id = _demand(session, settings)
    demands.accept_demand(session, settings=settings, principal=bank, demand_id=demand_id, now=NOW)
    # The deadline is Monday 2022-06-13: on Thursday nothing, on Friday the reminder, once.
    assert deadlines.remind_due(session, settings=settings, today=date(2022, 6, 9), now=NOW) == 0
    friday = NOW + timedelta(days=4)
    assert (
        deadlines.remind_due(session, settings=settings, today=date(2022, 6, 10), now=friday) == 1
    )
    assert (
        deadlines.remind_due(session, settings=settings, today=date(2022, 6, 10), now=friday) == 0
    )
    (row,) = notifications.inbox(session, principal=bank)
    assert row.kind == "deadline_tomorrow" and "2022-06-13 到期" in row.title
