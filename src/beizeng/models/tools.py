"""Monetary-policy tool ledgers: parameters, support-tool statements, relending, rediscount.

C-3.2.1 … C-3.2.4. Every yuan of central-bank money is tied to the ledger loans it funds
(``relending_item.loan_id``). Every table mixes in ``Audited`` so who booked and who approved
what is in the audit log without any service having to remember it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from beizeng.models.base import Audited, Base, Money, Timestamped, utcnow

Rate = Numeric(9, 6)
"""A fraction (0.0175 = 1.75%), exact to a hundredth of a basis point."""


class ToolParameter(Audited, Timestamped, Base):
    """One value of one tool's parameter, in force from ``effective_from`` (inclusive) to
    ``effective_to`` (exclusive, open when null). 2023's changes are a new row, never an edit.

    ``scope`` narrows a value to a key such as an institution code or a draw term ("3m"); the
    empty scope is the default and ``*`` the per-bank default.
    """

    __tablename__ = "tool_parameter"
    __table_args__ = (UniqueConstraint("tool", "name", "scope", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tool: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(32), default="")
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)
    value: Mapped[Any] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(String(300))


class SupportToolStatement(Audited, Base):
    """A stored quarterly statement of the inclusive small-micro support tool (C-3.2.1).

    A new version is stored only when the recomputed figures differ (a ledger was resubmitted).
    """

    __tablename__ = "support_tool_statement"
    __table_args__ = (UniqueConstraint("quarter", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quarter: Mapped[str] = mapped_column(String(7), index=True)
    version: Mapped[int] = mapped_column(default=1)
    rate: Mapped[Decimal] = mapped_column(Rate)
    negative_as_zero: Mapped[bool] = mapped_column(default=True)
    total: Mapped[Money]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120))


class SupportToolConfirmation(Audited, Base):
    """A local bank's confirmation of its line of a quarter's support-tool statement (C-3.2.1):
    who confirmed which version, when, with an optional remark."""

    __tablename__ = "support_tool_confirmation"
    __table_args__ = (UniqueConstraint("statement_id", "institution_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("support_tool_statement.id", ondelete="CASCADE"), index=True
    )
    institution_code: Mapped[str] = mapped_column(String(32))
    confirmed_by: Mapped[str] = mapped_column(String(120))
    confirmed_at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(String(300))


class SupportToolLine(Audited, Base):
    """One bank's line of a support-tool statement."""

    __tablename__ = "support_tool_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("support_tool_statement.id", ondelete="CASCADE"), index=True
    )
    institution_code: Mapped[str] = mapped_column(String(32))
    opening: Mapped[Money]
    closing: Mapped[Money]
    increase: Mapped[Money]
    amount: Mapped[Money]


class RelendingBatch(Audited, Timestamped, Base):
    """A bank's application for relending (先贷后借) under one programme, with its draw.

    ``programme`` is a tool key: relending_agri, relending_smb, carbon, coal. Status: a bank's
    own application is ``submitted``, then reviewed by a pboc maker (``reviewed_by``, when,
    remarks) into ``pending``; a batch entered by pboc at the desk starts ``pending``. A
    different pboc checker then approves (drawn) or rejects; ``outstanding`` falls with
    repayments (C-3.2.2).
    """

    __tablename__ = "relending_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme: Mapped[str] = mapped_column(String(32), index=True)
    institution_code: Mapped[str] = mapped_column(String(32), index=True)
    period: Mapped[str] = mapped_column(String(7))
    term: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    applied_on: Mapped[date] = mapped_column(Date)
    eligible_amount: Mapped[Money]
    rate: Mapped[Decimal] = mapped_column(Rate)
    draw_date: Mapped[date | None] = mapped_column(Date)
    maturity_date: Mapped[date | None] = mapped_column(Date)
    rollovers: Mapped[int] = mapped_column(default=0)
    entered_by: Mapped[str] = mapped_column(String(120))
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[datetime | None]
    review_note: Mapped[str | None] = mapped_column(String(300))
    approved_by: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(String(300))


class RelendingItem(Audited, Base):
    """One ledger loan submitted in a batch, with the verdict of each programme rule."""

    __tablename__ = "relending_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("relending_batch.id", ondelete="CASCADE"), index=True
    )
    loan_id: Mapped[str] = mapped_column(String(64), index=True)
    borrower_id: Mapped[str] = mapped_column(String(32))
    borrower_name: Mapped[str] = mapped_column(String(120))
    balance: Mapped[Money]
    interest_rate: Mapped[Decimal] = mapped_column(Rate)
    maturity_date: Mapped[date] = mapped_column(Date)
    eligible: Mapped[bool]
    reasons: Mapped[str | None] = mapped_column(String(500))
    amount: Mapped[Money]
    project_category: Mapped[str | None] = mapped_column(String(32))
    emission_reduction_t: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))


class RelendingRepayment(Audited, Base):
    """A repayment of (part of) a draw."""

    __tablename__ = "relending_repayment"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("relending_batch.id"), index=True)
    repaid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Money]
    entered_by: Mapped[str] = mapped_column(String(120))


class RediscountBill(Audited, Timestamped, Base):
    """A commercial bill a bank asks to rediscount (C-3.2.3), queued and served by priority."""

    __tablename__ = "rediscount_bill"
    __table_args__ = (UniqueConstraint("bill_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_code: Mapped[str] = mapped_column(String(32), index=True)
    bill_no: Mapped[str] = mapped_column(String(40))
    drawer: Mapped[str] = mapped_column(String(120))
    acceptor: Mapped[str] = mapped_column(String(120))
    amount: Mapped[Money]
    maturity_date: Mapped[date] = mapped_column(Date)
    green: Mapped[bool] = mapped_column(default=False)
    applied_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    discount_date: Mapped[date | None] = mapped_column(Date)
    rate: Mapped[Decimal | None] = mapped_column(Rate)
    days: Mapped[int | None]
    interest: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    entered_by: Mapped[str] = mapped_column(String(120))
    approved_by: Mapped[str | None] = mapped_column(String(120))
