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
    """A person who signs in. The password hash and the TOTP secret never reach the audit log."""

    __tablename__ = "platform_user"
    __audit_exclude__ = ("password_hash", "totp_secret")

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"), index=True)
    county_code: Mapped[str | None] = mapped_column(String(6))
    """A pboc user's county sub-branch (None: the city sub-branch) or an institution user's
    county branch (C-3.1.2, 双线三级)."""
    department: Mapped[str | None] = mapped_column(String(16))
    """A gov user's department (``access.principal.DEPARTMENTS``)."""
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprise.id"), index=True)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    """The base32 TOTP secret once enrolled (RFC 6238); None: no second factor."""
    totp_enrolled_at: Mapped[datetime | None]
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


class PersonalDataRead(Base):
    """One read of a whole resident ID or phone number (JR/T 0171-2020 个人金融信息保护技术规范:
    access to personal financial information is recorded): who, when, whose, which field, why.

    Append-only like the audit log; the value itself is never stored here.
    """

    __tablename__ = "personal_data_read"
    __table_args__ = (Index("ix_personal_data_read_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    actor_role: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(120))
    """Whose data: e.g. ``enterprise:12`` or ``ledger:2022-12:bank-code:row 8``."""
    field: Mapped[str] = mapped_column(String(32))
    purpose: Mapped[str] = mapped_column(String(200))
