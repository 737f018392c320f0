"""No-loan lists (无贷户名单), bank capacities, assignments and contacts (issue 7; C-3.3.1 首贷户拓展).

gov uploads a list; every listed entity is assigned to at most one bank at a time
(``OutreachAssignment.active_entity_id`` is unique and NULL once the assignment ends, so the
database itself refuses a second active assignment on SQLite and PostgreSQL alike). A later ledger
showing a loan to the entity closes the loop (``OutreachEntity.first_loan_*``). A contact that led
to a demand points at it (``demand_id``, set to NULL should the demand ever be removed).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from beizeng.models.base import Audited, Base, Timestamped, utcnow


class OutreachList(Audited, Base):
    """One uploaded no-loan list, checked against the ledgers of ``as_of``."""

    __tablename__ = "outreach_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    source_name: Mapped[str] = mapped_column(String(255))
    source_sha256: Mapped[str] = mapped_column(String(64))
    as_of: Mapped[str | None] = mapped_column(String(7))
    rows: Mapped[int] = mapped_column(Integer)
    removed_borrowers: Mapped[int] = mapped_column(Integer)
    idle_workdays: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(120))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutreachEntity(Base):
    """A listed market entity without loans (bulk-inserted; the list's record is audited)."""

    __tablename__ = "outreach_entity"
    __table_args__ = (
        UniqueConstraint("list_id", "identifier"),
        Index("ix_outreach_entity_open_identifier", "closed", "identifier"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("outreach_list.id"), index=True)
    identifier: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(24))
    county_code: Mapped[str] = mapped_column(String(6), index=True)
    grid: Mapped[str] = mapped_column(String(40), default="")
    industry_code: Mapped[str | None] = mapped_column(String(8))
    registered_capital_wan: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    established: Mapped[date | None]
    contact: Mapped[str | None] = mapped_column(String(40))
    closed: Mapped[bool] = mapped_column(default=False)
    first_loan_period: Mapped[str | None] = mapped_column(String(7))
    first_loan_on: Mapped[date | None]
    first_loan_institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))


class BankCapacity(Audited, Timestamped, Base):
    """How many listed entities pboc asks one bank to follow at a time."""

    __tablename__ = "outreach_capacity"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), unique=True)
    capacity: Mapped[int] = mapped_column(Integer)
    set_by: Mapped[str] = mapped_column(String(120))


class AssignmentRun(Audited, Base):
    """One run of the assignment rule: what it read and what it did (the audit trail of a bulk
    insert, so 300,000 assignments are one audited record, not 300,000)."""

    __tablename__ = "outreach_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int | None] = mapped_column(ForeignKey("outreach_list.id"))
    kind: Mapped[str] = mapped_column(String(16))  # assign | reassign
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    presence_period: Mapped[str | None] = mapped_column(String(7))
    assigned: Mapped[int] = mapped_column(Integer)
    waiting: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text)


class OutreachAssignment(Base):
    """One entity in one bank's hands, from ``assigned_on`` until it ends (bulk-inserted)."""

    __tablename__ = "outreach_assignment"
    __table_args__ = (Index("ix_outreach_assignment_bank_status", "institution_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("outreach_entity.id"), index=True)
    active_entity_id: Mapped[int | None] = mapped_column(unique=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    run_id: Mapped[int] = mapped_column(ForeignKey("outreach_run.id"), index=True)
    basis: Mapped[str] = mapped_column(String(8))  # county | city
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    assigned_on: Mapped[date]
    idle_due_on: Mapped[date]
    idle_due_provisional: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(12), default="active")
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(Text)


class OutreachContact(Audited, Base):
    """One contact a bank recorded with an assigned entity."""

    __tablename__ = "outreach_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("outreach_assignment.id"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("outreach_entity.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    demand_id: Mapped[int | None] = mapped_column(
        ForeignKey("demand.id", ondelete="SET NULL"), index=True
    )
    actor_name: Mapped[str] = mapped_column(String(120))
