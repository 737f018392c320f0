"""The index of supervision notices issued (双线, C-3.1.2; issue 4 "Supervision notices").

One row per institution and issuance: the notice to the institution and, when its superior
management bank is known, the letter to that bank. The next bulletin reads this index to say
which institutions improved since they were noticed.

Issue 13 point 3 follows each notice to rectification (C-3.1.1, C-3.1.2, C-4.5.3): the
institution acknowledges receipt (its superior management bank acknowledges the letter), files
its rectification measures (text and attachments) before a deadline in working days, and pboc
tracks it. The documents are stored under the home (paths relative to ``$BEIZENG_HOME``; rows
recorded before that hold absolute paths, which still resolve).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
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
    number: Mapped[str | None] = mapped_column(String(40))
    letter_number: Mapped[str | None] = mapped_column(String(40))
    issued_on: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    """The last day to file rectification measures (None: recorded before issue 13)."""
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(String(120))
    letter_acknowledged_at: Mapped[datetime | None]
    letter_acknowledged_by: Mapped[str | None] = mapped_column(String(120))


class RectificationMeasure(Audited, Base):
    """Rectification measures (整改措施) an institution filed for a notice: text and files."""

    __tablename__ = "rectification_measure"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("supervision_notice.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    filed_by: Mapped[str] = mapped_column(String(120))
    filed_at: Mapped[datetime] = mapped_column(default=utcnow)


class RectificationAttachment(Audited, Base):
    """A file attached to rectification measures, stored under ``$BEIZENG_HOME/notices``."""

    __tablename__ = "rectification_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("rectification_measure.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(String(400))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))


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
