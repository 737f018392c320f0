"""Declarative base with a naming convention (CONVENTIONS rule 7) and shared column types."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from sqlalchemy import DateTime, MetaData, Numeric, Select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Money = Annotated[Decimal, mapped_column(Numeric(18, 2))]
"""Yuan, exact to the fen (DESIGN: money is DECIMAL(18,2))."""

Statement = TypeVar("Statement", bound=Select[*tuple[Any, ...]])
"""Any SELECT: what a repository's ``readable(statement, principal)`` narrows and returns
(access-model issue, point 1)."""


def utcnow() -> datetime:
    """Timezone-aware now, the only clock used for stored timestamps."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: DateTime(timezone=True)}


class Audited:
    """Mixin: every insert, update and delete of this class is written to the audit log."""

    __audit_exclude__: tuple[str, ...] = ()


class Timestamped:
    """Mixin: creation and update times."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
