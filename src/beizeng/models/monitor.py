"""The index of supervision notices issued (双线, C-3.1.2; issue 4 "Supervision notices").

One row per institution and issuance: the notice to the institution and, when its superior
management bank is known, the letter to that bank. The next bulletin reads this index to say
which institutions improved since they were noticed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from beizeng.models.base import Audited, Base, utcnow


class SupervisionNotice(Audited, Base):
    """Who issued which notice, when, to which institution, for which targets and period."""

    __tablename__ = "supervision_notice"
    __table_args__ = (
        Index("ix_supervision_notice_period_institution", "period", "institution_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7))
    plan_id: Mapped[str] = mapped_column(String(64))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    superior: Mapped[str | None] = mapped_column(String(120))
    targets: Mapped[list[str]] = mapped_column(JSON)
    notice_path: Mapped[str] = mapped_column(String(500))
    letter_path: Mapped[str | None] = mapped_column(String(500))
    issued_by: Mapped[str] = mapped_column(String(120))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlanVersion(Audited, Base):
    """One loaded version of the target plan (issue 13 point 4; C-2, C-4.5.1): the TOML text as
    pboc uploaded it, its digest, who loaded it and when. The active plan is the version chosen
    last (``activated_at``; loading a version chooses it), else the packaged default."""

    __tablename__ = "plan_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    plan_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(500))
    loaded_by: Mapped[str] = mapped_column(String(120))
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    activated_at: Mapped[datetime] = mapped_column(default=utcnow)
