"""Matching events (对接活动), their invitations and signed agreements (C-3.3.2 – C-3.3.4).

An agreement is followed to disbursement through the ledgers: ``disbursed_*`` is filled when a
current ledger of the agreement's bank shows a loan to the enterprise started on or after the
signing date.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from beizeng.models.base import Audited, Base, Money, Timestamped


class MatchEvent(Audited, Timestamped, Base):
    """One meeting: 百县万企 SME meeting, key-project meeting, tech session, 首贷 station day."""

    __tablename__ = "match_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date]
    county_code: Mapped[str | None] = mapped_column(String(6))
    venue: Mapped[str] = mapped_column(String(200), default="")
    organiser: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")


class EventInvitation(Audited, Base):
    """A bank or an enterprise invited to an event."""

    __tablename__ = "event_invitation"
    __table_args__ = (
        UniqueConstraint("institution_id", "event_id"),
        UniqueConstraint("enterprise_id", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("match_event.id"), index=True)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE")
    )
    invited_at: Mapped[datetime]


class EventAgreement(Audited, Base):
    """An agreement signed at an event: enterprise, bank, amount; followed to disbursement."""

    __tablename__ = "event_agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("match_event.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    enterprise_uscc: Mapped[str] = mapped_column(String(18), index=True)
    enterprise_name: Mapped[str] = mapped_column(String(120))
    amount: Mapped[Money]
    signed_on: Mapped[date]
    disbursed_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    disbursed_on: Mapped[date | None]
    disbursed_period: Mapped[str | None] = mapped_column(String(7))
    note: Mapped[str] = mapped_column(Text, default="")
