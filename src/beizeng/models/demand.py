"""Financing demands, their workflow steps and messages (C-3.4.2, C-4.4.2).

A demand is open to every eligible bank until one picks it up, or is assigned by pboc/gov, or is
an application to one product (then it goes to that product's institution). Each step is kept in
``demand_event`` with its time and actor.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from beizeng.models.base import Audited, Base, Money, Timestamped, utcnow


class Demand(Audited, Timestamped, Base):
    """One enterprise's request for financing and where it stands."""

    __tablename__ = "demand"
    __table_args__ = (
        Index("ix_demand_status_institution", "status", "institution_id"),
        Index("ix_demand_institution_submitted", "institution_id", "submitted_at"),
        Index("ix_demand_deadline", "deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id"), index=True)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))
    county_code: Mapped[str] = mapped_column(String(6), index=True)
    status: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))  # open | product | assigned
    amount: Mapped[Money]
    term_months: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(Text)
    guarantee_offered: Mapped[str] = mapped_column(String(16))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    assigned_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    replied_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    no_loan: Mapped[bool | None]
    reply_workdays: Mapped[int | None] = mapped_column(Integer)
    deadline: Mapped[date | None]
    deadline_provisional: Mapped[bool] = mapped_column(default=False, server_default=false())
    approved_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    approved_rate: Mapped[Decimal | None] = mapped_column(Numeric(8, 6))
    approved_term_months: Mapped[int | None] = mapped_column(Integer)
    reject_reason: Mapped[str | None] = mapped_column(String(32))
    reject_note: Mapped[str | None] = mapped_column(Text)
    loan_id: Mapped[str | None] = mapped_column(String(64))


class DemandEvent(Audited, Base):
    """One step of a demand's workflow: who did what, when."""

    __tablename__ = "demand_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demand.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("platform_user.id"))
    actor_name: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class DemandMessage(Audited, Base):
    """A message between the enterprise and the bank on one demand."""

    __tablename__ = "demand_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demand.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    author_id: Mapped[int] = mapped_column(ForeignKey("platform_user.id"))
    author_name: Mapped[str] = mapped_column(String(120))
    side: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
