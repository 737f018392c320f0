"""The policy library (政策库): published policies, their attachments and the search index.

``policy_term`` is an inverted index written at publication: jieba's search-mode tokens of the
title, number, issuer, tags and text with their counts, so a query is an indexed lookup of its
own tokens, never a substring scan (issue 7, point 4).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from beizeng.models.base import Audited, Base, Timestamped, utcnow


class Policy(Audited, Timestamped, Base):
    """A credit policy or notice published by pboc or gov."""

    __tablename__ = "policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str] = mapped_column(String(120))
    number: Mapped[str] = mapped_column(String(80), default="")
    issued_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(String(300), default="")  # comma-separated
    sizes: Mapped[str] = mapped_column(String(100), default="")
    counties: Mapped[str] = mapped_column(String(200), default="")
    industries: Mapped[str] = mapped_column(String(100), default="")
    published_by: Mapped[str] = mapped_column(String(120))


class PolicyAttachment(Audited, Base):
    """A file attached to a policy, stored under ``$BEIZENG_HOME/library/``."""

    __tablename__ = "policy_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policy.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(String(400))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class PolicyTerm(Base):
    """One token of one policy with its weight (derived data, rebuilt with the policy)."""

    __tablename__ = "policy_term"

    term: Mapped[str] = mapped_column(String(64), primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policy.id"), primary_key=True, index=True)
    weight: Mapped[int] = mapped_column(Integer)
