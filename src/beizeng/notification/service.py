"""Use cases of notifications: send to users, read one's inbox, mark read (issue 13 point 5).

Features call :func:`notify` (or :func:`notify_institution` / :func:`notify_role`) inside their
own transaction, so a notification exists exactly when what it announces was committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.account import service as accounts
from beizeng.config import Settings
from beizeng.models.notification import Notification
from beizeng.notification import channels, rules
from beizeng.notification.repository import NotificationRepository


@dataclass(frozen=True)
class Message:
    kind: str
    title: str
    link: str = ""
    body: str = ""
    dedupe_key: str | None = None
    """Sent at most once per user with this key (e.g. ``deadline:12:2022-06-09``)."""


def notify(
    session: Session,
    *,
    user_ids: Iterable[int],
    message: Message,
    settings: Settings,
    now: datetime,
) -> int:
    """Put ``message`` in each user's inbox and hand it to the channels; returns how many were
    new (a user who already has the message's ``dedupe_key`` is skipped)."""
    if message.kind not in rules.KINDS:
        raise KeyError(f"unknown notification kind {message.kind!r}")
    repo = NotificationRepository(session)
    sent = 0
    for user_id in dict.fromkeys(user_ids):
        if message.dedupe_key and repo.sent_before(user_id, message.dedupe_key):
            continue
        row = Notification(
            user_id=user_id,
            kind=message.kind,
            title=message.title[: rules.TITLE_MAX],
            body=message.body,
            link=rules.safe_link(message.link)[: rules.LINK_MAX],
            created_at=now,
            dedupe_key=message.dedupe_key,
        )
        repo.add(row)
        sent += 1
        channels.deliver(
            channels.Outgoing(user_id, row.kind, row.title, row.link),
            home=settings.resolved_home,
        )
    session.flush()
    return sent


def notify_institution(
    session: Session,
    *,
    institution_id: int,
    message: Message,
    settings: Settings,
    now: datetime,
    county_code: str | None = None,
) -> int:
    """Every active user of an institution (of one county branch when given)."""
    users = accounts.active_user_ids(
        session, institution_id=institution_id, county_code=county_code
    )
    return notify(session, user_ids=users, message=message, settings=settings, now=now)


def notify_role(
    session: Session, *, role: str, message: Message, settings: Settings, now: datetime
) -> int:
    """Every active user of a role (e.g. every pboc user for an approval waiting)."""
    users = accounts.active_user_ids(session, role=role)
    return notify(session, user_ids=users, message=message, settings=settings, now=now)


def inbox(
    session: Session, *, principal: Principal, unread_only: bool = False, limit: int = 100
) -> list[Notification]:
    authorize(principal, "inbox.read")
    return NotificationRepository(session).inbox(principal, unread_only=unread_only, limit=limit)


def unread_count(session: Session, *, principal: Principal) -> int:
    return NotificationRepository(session).unread(principal)


def mark_read(
    session: Session, *, principal: Principal, ids: list[int] | None, now: datetime
) -> int:
    """Mark some (or, with ``ids=None``, all) of the principal's notifications read."""
    authorize(principal, "inbox.read")
    changed = NotificationRepository(session).mark_read(principal, ids, now)
    session.flush()
    return changed
