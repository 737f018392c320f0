"""Hook deliveries that failed and wait to be delivered again (CONVENTIONS rule 7).

When a listener of an isolated hook fails (e.g. the first-loan loop after a ledger import), the
import stands and the event is kept here; ``beizeng hooks retry`` (a systemd timer) delivers it
again until it succeeds. Nothing an import announced is lost.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from beizeng.models.base import Audited, Base, utcnow


class FailedDelivery(Audited, Base):
    """One event one listener could not take, with the last error."""

    __tablename__ = "failed_delivery"
    __table_args__ = (Index("ix_failed_delivery_pending", "delivered_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hook: Mapped[str] = mapped_column(String(80))
    subscriber: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    error: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    failed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_tried_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
