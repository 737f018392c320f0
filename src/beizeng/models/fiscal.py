"""Fiscal support ledgers: government financing guarantees, risk compensation, interest subsidies.

C-3.3.4, C-3.4.4, C-4.2.1, C-4.2.2, C-4.3.1. Guaranteed loans and subsidy claims name the ledger
loan they rest on (institution code + loan id), so every yuan can be traced to a loan.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from beizeng.models.base import Audited, Base, Money, Timestamped
from beizeng.models.tools import Rate


class GuaranteeAgency(Audited, Timestamped, Base):
    """A government financing-guarantee agency (政府性融资担保机构)."""

    __tablename__ = "guarantee_agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    county_code: Mapped[str] = mapped_column(String(6))
    tier: Mapped[str] = mapped_column(String(16), default="city")


class GuaranteeNetAssets(Audited, Base):
    """An agency's net assets reported as of a date; the leverage divisor."""

    __tablename__ = "guarantee_net_assets"
    __table_args__ = (UniqueConstraint("agency_id", "as_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("guarantee_agency.id"), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    net_assets: Mapped[Money]


class GuaranteeAgreement(Audited, Timestamped, Base):
    """A bank-guarantee "总对总" batch agreement: how a loss is shared (C-4.2.1)."""

    __tablename__ = "guarantee_agreement"
    __table_args__ = (UniqueConstraint("agency_id", "institution_code", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("guarantee_agency.id"), index=True)
    institution_code: Mapped[str] = mapped_column(String(32))
    bank_share: Mapped[Decimal] = mapped_column(Rate)
    fee_rate: Mapped[Decimal] = mapped_column(Rate)
    fee_subsidy_rate: Mapped[Decimal] = mapped_column(Rate, default=Decimal(0))
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)


class GuaranteedLoan(Audited, Timestamped, Base):
    """A ledger loan guaranteed by an agency under an agreement, with its fee and fee subsidy."""

    __tablename__ = "guaranteed_loan"
    __table_args__ = (UniqueConstraint("agreement_id", "loan_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("guarantee_agreement.id"), index=True)
    loan_id: Mapped[str] = mapped_column(String(64))
    borrower_id: Mapped[str] = mapped_column(String(32))
    borrower_name: Mapped[str] = mapped_column(String(120))
    amount: Mapped[Money]
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    fee: Mapped[Money]
    fee_subsidy: Mapped[Money]
    released_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="in_force")


class GuaranteeCompensation(Audited, Base):
    """A compensation payment (代偿) of the agency's share of a default, and its recoveries."""

    __tablename__ = "guarantee_compensation"

    id: Mapped[int] = mapped_column(primary_key=True)
    guaranteed_loan_id: Mapped[int] = mapped_column(ForeignKey("guaranteed_loan.id"), unique=True)
    paid_on: Mapped[date] = mapped_column(Date)
    loss: Mapped[Money]
    agency_part: Mapped[Money]
    bank_part: Mapped[Money]
    recovered: Mapped[Money] = mapped_column(default=Decimal(0))
    entered_by: Mapped[str] = mapped_column(String(120))


class SubsidyProgramme(Audited, Timestamped, Base):
    """A risk-compensation fund or interest-subsidy programme; its formula parts are data.

    ``rules`` holds the eligibility rules (borrower types, sizes, industry sections, first loans,
    credit-line cap); ``rate`` is a fixed subsidy rate or null to use the loan's own rate.
    """

    __tablename__ = "subsidy_programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(24))
    sponsor: Mapped[str] = mapped_column(String(120))
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    rate: Mapped[Decimal | None] = mapped_column(Rate)
    share: Mapped[Decimal] = mapped_column(Rate)
    day_basis: Mapped[int] = mapped_column(default=360)
    cap_per_enterprise: Mapped[Money]
    cap_programme: Mapped[Money]
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)


class SubsidyClaim(Audited, Timestamped, Base):
    """A claim on a programme for one ledger loan: entered → approved → paid (or rejected).

    A bank files its own claim as ``filed``; a first government (or pboc) person reviews it
    (``reviewed_by``) into ``entered``, and a second one approves it (two people, C-4.3.1).
    """

    __tablename__ = "subsidy_claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("subsidy_programme.id"), index=True)
    institution_code: Mapped[str] = mapped_column(String(32), index=True)
    period: Mapped[str] = mapped_column(String(7))
    loan_id: Mapped[str] = mapped_column(String(64))
    borrower_id: Mapped[str] = mapped_column(String(32))
    borrower_name: Mapped[str] = mapped_column(String(120))
    principal: Mapped[Money]
    rate: Mapped[Decimal] = mapped_column(Rate)
    days: Mapped[int]
    amount: Mapped[Money]
    status: Mapped[str] = mapped_column(String(16), default="entered")
    entered_by: Mapped[str] = mapped_column(String(120))
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[datetime | None]
    approved_by: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(String(300))


class SubsidyFundEntry(Audited, Base):
    """A movement of a programme's fund: deposit (+), payment (−) of a claim, recovery (+)."""

    __tablename__ = "subsidy_fund_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("subsidy_programme.id"), index=True)
    booked_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Money]
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("subsidy_claim.id"))
    entered_by: Mapped[str] = mapped_column(String(120))
