"""Precomputed dashboard data (issue 7, point 5: precompute per period, invalidated by new ledgers)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from beizeng.models.base import Base, utcnow


class DashboardCache(Base):
    """One dashboard block as JSON, valid while the latest ledger submission id is ``stamp``."""

    __tablename__ = "dashboard_cache"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    stamp: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
