"""Ledger submissions and institution statistics (DESIGN: storage; issue 3).

A submission registers one immutable Parquet file: one institution's loan snapshot at one month
end. A resubmission supersedes the earlier record, which stays (DESIGN: nothing is ever lost);
readers only read files referenced by current records, so a file without a record is invisible.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from beizeng.models.base import Audited, Base, Money, utcnow

CURRENT = "current"
SUPERSEDED = "superseded"


class LedgerSubmission(Audited, Base):
    """One accepted ledger file."""

    __tablename__ = "ledger_submission"
    __table_args__ = (Index("ix_ledger_submission_institution_period", "institution_id", "period"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    period: Mapped[str] = mapped_column(String(7))
    rows: Mapped[int]
    total_balance: Mapped[Money]
    total_credit_line: Mapped[Money]
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    path: Mapped[str] = mapped_column(String(400))
    source_name: Mapped[str] = mapped_column(String(255))
    source_sha256: Mapped[str] = mapped_column(String(64))
    warnings: Mapped[int] = mapped_column(default=0)
    actor: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default=CURRENT, index=True)
    supersedes_id: Mapped[str | None] = mapped_column(ForeignKey("ledger_submission.id"))
    superseded_by_id: Mapped[str | None] = mapped_column(ForeignKey("ledger_submission.id"))
    reason: Mapped[str | None] = mapped_column(String(500))
    """Why a resubmission replaces the current version (C-4.5.1), shown to pboc."""


class InstitutionStat(Audited, Base):
    """One value of one metric of one institution at one month end (long format)."""

    __tablename__ = "institution_stat"
    __table_args__ = (Index("ix_institution_stat_key", "period", "institution_id", "metric"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    metric: Mapped[str] = mapped_column(String(64))
    value: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    source_name: Mapped[str] = mapped_column(String(255))
    actor: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default=CURRENT, index=True)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("institution_stat.id"))


class StatsSubmission(Audited, Base):
    """One accepted statistics file of one institution and period (C-4.5.1): the values are in
    ``institution_stat``; this is the version a bank sees in its history and pboc on the board."""

    __tablename__ = "stats_submission"
    __table_args__ = (Index("ix_stats_submission_institution_period", "institution_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    period: Mapped[str] = mapped_column(String(7))
    rows: Mapped[int]
    source_name: Mapped[str] = mapped_column(String(255))
    actor: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default=CURRENT, index=True)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("stats_submission.id"))
    reason: Mapped[str | None] = mapped_column(String(500))
