"""Platform accounts: users and their roles, API tokens, login attempts, enterprises.

C-4.4.2: the city's comprehensive financial platform. A user has one role (DESIGN: who uses it);
a bank/insurer/guarantor user belongs to one institution and optionally one county sub-branch; an
enterprise user belongs to one registered enterprise.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from beizeng.models.base import Audited, Base, Timestamped, utcnow


class Enterprise(Audited, Timestamped, Base):
    """An enterprise or individual business registered on the platform, sized by the reference."""

    __tablename__ = "enterprise"

    id: Mapped[int] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    legal_person: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(24))  # enterprise | individual_business
    industry_code: Mapped[str | None] = mapped_column(String(8))
    county_code: Mapped[str | None] = mapped_column(String(6))
    employees: Mapped[int | None] = mapped_column(Integer)
    revenue_wan: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    assets_wan: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    size: Mapped[str | None] = mapped_column(String(8))
    size_rule: Mapped[str | None] = mapped_column(Text)
    contact_phone: Mapped[str | None] = mapped_column(String(20))


class User(Audited, Timestamped, Base):
    """A person who signs in. The password hash never reaches the audit log."""

    __tablename__ = "platform_user"
    __audit_exclude__ = ("password_hash",)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"), index=True)
    county_code: Mapped[str | None] = mapped_column(String(6))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprise.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    last_login_at: Mapped[datetime | None]


class LoginAttempt(Audited, Base):
    """One sign-in attempt; failures in a window lock the account and throttle the address."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_at", "username", "at"),
        Index("ix_login_attempt_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    success: Mapped[bool]


class ApiToken(Audited, Timestamped, Base):
    """A bearer token for a bank's system: only its SHA-256 is stored; scoped, revocable, expiring."""

    __tablename__ = "api_token"
    __audit_exclude__ = ("token_hash",)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("platform_user.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
