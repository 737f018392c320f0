"""Plain factory functions of the platform (CONVENTIONS: factories with overrides)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.account import service as accounts
from beizeng.account import totp
from beizeng.enterprise import service as enterprises
from beizeng.enterprise.schemas import EnterpriseProfile, EnterpriseRegister
from beizeng.models.account import ApiToken
from beizeng.models.institution import Institution
from beizeng.product import service as products
from beizeng.product.schemas import ProductTerms
from beizeng.reference.identifiers import uscc_check_char

PASSWORD = "Lvliang2022pass"
NOW = datetime(2022, 6, 6, 2, 0, tzinfo=UTC)  # Monday 2022-06-06, 10:00 in Lüliang
_seq = itertools.count(1)


def make_uscc(kind: str = "enterprise", county: str = "141102") -> str:
    body = ("91" if kind == "enterprise" else "92") + county + f"{next(_seq):09d}"
    return body + uscc_check_char(body)


def create_institution(session: Session, **overrides: Any) -> Institution:
    n = next(_seq)
    values: dict[str, Any] = {
        "code": f"T{n:04d}",
        "name": f"测试银行{n}吕梁分行",
        "category": "large_state_bank",
        "legal_scope": "national",
        "county_code": "141102",
        "superior": "测试银行山西省分行",
    }
    values.update(overrides)
    institution = Institution(**values)
    session.add(institution)
    session.flush()
    return institution


def create_user(session: Session, role: str, **overrides: Any) -> Principal:
    values: dict[str, Any] = {"username": f"{role}{next(_seq)}", "password": PASSWORD, "role": role}
    if role == "gov":
        values["department"] = "金融办"
    values.update(overrides)
    user = accounts.create_user(session, **values)
    return accounts.principal_of(session, user)


def create_bank_user(
    session: Session, institution: Institution | None = None, **overrides: Any
) -> Principal:
    institution = institution or create_institution(session)
    return create_user(session, "bank", institution_code=institution.code, **overrides)


def create_enterprise_user(session: Session, **overrides: Any) -> Principal:
    profile = overrides.pop("profile", None)
    values: dict[str, Any] = {
        "uscc": make_uscc(overrides.get("kind", "enterprise")),
        "name": f"吕梁测试企业{next(_seq)}有限公司",
        "legal_person": "张三",
        "kind": "enterprise",
        "county_code": "141123",
        "industry_code": "C3011",
        "username": f"ent{next(_seq)}",
        "password": PASSWORD,
    }
    values.update(overrides)
    user = enterprises.register_enterprise(session, data=EnterpriseRegister(**values))
    principal = accounts.principal_of(session, user)
    enterprises.update_profile(
        session,
        principal=principal,
        profile=profile
        or EnterpriseProfile(employees=30, revenue_wan=Decimal(800), assets_wan=Decimal(900)),
    )
    return principal


def create_token(
    session: Session,
    principal: Principal,
    *scopes: str,
    name: str = "测试令牌",
    now: datetime = NOW,
) -> tuple[ApiToken, str]:
    """A token of ``principal`` with ``scopes``, valid 30 days from ``now`` (within the default
    limit of 90): the stored row and the plain value, as ``accounts.create_token`` returns them."""
    return accounts.create_token(
        session,
        principal=principal,
        name=name,
        scopes=frozenset(scopes),
        days=30,
        max_days=90,
        now=now,
    )


def terms(**overrides: Any) -> ProductTerms:
    values: dict[str, Any] = {
        "name": "晋享贷",
        "kind": "credit_loan",
        "entity_kinds": ["enterprise", "individual_business"],
        "sizes": ["small", "micro"],
        "industries": [],
        "counties": [],
        "guarantee_types": ["credit"],
        "min_amount": Decimal("100000"),
        "max_amount": Decimal("3000000"),
        "min_term_months": 6,
        "max_term_months": 36,
        "rate_min": Decimal("0.0385"),
        "rate_max": Decimal("0.0600"),
        "reply_days": 5,
    }
    values.update(overrides)
    return ProductTerms(**values)


def publish(session: Session, bank: Principal, **overrides: Any) -> int:
    return products.publish_product(session, principal=bank, terms=terms(**overrides), now=NOW).id


def enrol_totp(session: Session, principal: Principal, *, at: datetime = NOW) -> str:
    """Bind an authenticator to the user as the account page does; returns its secret.

    Enrolled ``at`` (default ``NOW``): a sign-in code must be of a later time step, so tests
    signing in right after move their clock on a minute (see ``totp.last_used_step``).
    """
    enrolment = accounts.begin_totp(session, principal=principal)
    accounts.confirm_totp(
        session,
        principal=principal,
        code=totp.code_at(enrolment.secret, at),
        now=at,
    )
    return enrolment.secret
