"""Credit products and the four lists (四项清单), with every change kept as a version.

C-3.4.1: banks publish the four lists; C-3.4.6: sensible terms. What was promised on a given date
is the newest version valid on that date, so versions are append-only.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from beizeng.models.base import Audited, Base, Money, Timestamped, utcnow


class Product(Audited, Timestamped, Base):
    """The current terms of a product (the newest version), kept in columns for querying."""

    __tablename__ = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16), default="published", index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    entity_kinds: Mapped[list[str]] = mapped_column(JSON)
    sizes: Mapped[list[str]] = mapped_column(JSON)
    industries: Mapped[list[str]] = mapped_column(JSON)
    counties: Mapped[list[str]] = mapped_column(JSON)
    guarantee_types: Mapped[list[str]] = mapped_column(JSON)
    min_amount: Mapped[Money]
    max_amount: Mapped[Money]
    min_term_months: Mapped[int] = mapped_column(Integer)
    max_term_months: Mapped[int] = mapped_column(Integer)
    rate_min: Mapped[Decimal] = mapped_column(Numeric(8, 6))
    rate_max: Mapped[Decimal] = mapped_column(Numeric(8, 6))
    documents: Mapped[str] = mapped_column(Text, default="")
    process: Mapped[str] = mapped_column(Text, default="")
    reply_days: Mapped[int] = mapped_column(Integer, default=5)
    description: Mapped[str] = mapped_column(Text, default="")


class ProductVersion(Audited, Base):
    """One published state of a product; never changed once written."""

    __tablename__ = "product_version"
    __table_args__ = (UniqueConstraint("product_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    terms: Mapped[dict[str, Any]] = mapped_column(JSON)


class FourList(Audited, Base):
    """One version of one of an institution's four lists; the newest valid one is current."""

    __tablename__ = "four_list"
    __table_args__ = (
        UniqueConstraint("institution_id", "kind", "version"),
        Index("ix_four_list_institution_kind", "institution_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    kind: Mapped[str] = mapped_column(String(24))
    version: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    reply_days: Mapped[int | None] = mapped_column(Integer)
