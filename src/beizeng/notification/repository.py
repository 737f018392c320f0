"""Every SQL statement of notifications; a user reads only their own (``readable``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.models.base import Statement
from beizeng.models.notification import Notification


def readable(statement: Statement, principal: Principal) -> Statement:
    """``statement`` (over Notification) limited to the principal's own inbox."""
    return statement.where(Notification.user_id == principal.user_id)


class NotificationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, notification: Notification) -> None:
        self.session.add(notification)

    def sent_before(self, user_id: int, dedupe_key: str) -> bool:
        stmt = select(Notification.id).where(
            Notification.user_id == user_id, Notification.dedupe_key == dedupe_key
        )
        return self.session.scalar(stmt.limit(1)) is not None

    def inbox(self, principal: Principal, *, unread_only: bool, limit: int) -> list[Notification]:
        stmt = readable(select(Notification), principal)
        if unread_only:
            stmt = stmt.where(Notification.read_at.is_(None))
        stmt = stmt.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)
        return list(self.session.scalars(stmt))

    def unread(self, principal: Principal) -> int:
        stmt = readable(select(func.count(Notification.id)), principal).where(
            Notification.read_at.is_(None)
        )
        return int(self.session.scalar(stmt) or 0)

    def mark_read(self, principal: Principal, ids: list[int] | None, now: datetime) -> int:
        stmt = (
            update(Notification)
            .where(Notification.user_id == principal.user_id, Notification.read_at.is_(None))
            .values(read_at=now)
        )
        if ids is not None:
            stmt = stmt.where(Notification.id.in_(ids))
        return int(self.session.execute(stmt).rowcount or 0)  # type: ignore[attr-defined]
