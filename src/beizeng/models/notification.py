"""In-app notifications: one row per recipient (issue 13 point 5: new demand assigned, deadline
tomorrow, ledger missing, notice received, rectification due, approval waiting)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from beizeng.models.base import Base, utcnow


class Notification(Base):
    """A message in one user's inbox; ``read_at`` is set when the user opens or dismisses it."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("platform_user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    dedupe_key: Mapped[str | None] = mapped_column(String(120))
    """Same key for the same user: sent once (a daily sweep that runs twice reminds once)."""
