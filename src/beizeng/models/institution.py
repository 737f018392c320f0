"""Financial institutions of the registry (DESIGN: institution registry contract)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from beizeng.models.base import Audited, Base, Timestamped


class Institution(Audited, Timestamped, Base):
    """A bank, insurer, guarantor or other institution addressed by the opinion."""

    __tablename__ = "institution"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(32))
    legal_scope: Mapped[str] = mapped_column(String(16))
    county_code: Mapped[str] = mapped_column(String(6))
    superior: Mapped[str | None] = mapped_column(String(120))
