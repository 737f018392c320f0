"""Use cases of accounts: create users, sign in with lock-out, sessions' principals, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import (
    DEPARTMENTS,
    INSTITUTION_ROLES,
    ROLE_SCOPES,
    ROLES,
    TOKEN_SCOPES,
    Principal,
)
from beizeng.account import rules
from beizeng.account.errors import (
    AccountInvalid,
    AccountLocked,
    LoginFailed,
    PasswordRejected,
    TokenInvalid,
    UsernameTaken,
    UserNotFound,
)
from beizeng.account.repository import AccountRepository
from beizeng.errors import NotFound
from beizeng.institution.service import find_institution
from beizeng.kit.clock import as_utc
from beizeng.models.account import ApiToken, LoginAttempt, User
from beizeng.reference.regions import is_luliang_county

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("beizeng-timing-equaliser-0")
TOKEN_PREFIX = "bz_"
ADDRESS_MAX_FAILURES = 50
"""Failures from one address within the window before it is throttled (password spraying)."""


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password(password: str, *, username: str) -> None:
    problems = rules.password_problems(password, username=username)
    if problems:
        raise PasswordRejected(problems)


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: str,
    display_name: str | None = None,
    institution_code: str | None = None,
    county_code: str | None = None,
    department: str | None = None,
    enterprise_id: int | None = None,
) -> User:
    """Create a user after checking the username, the password rules and the role's ties.

    A pboc user with a county belongs to that county sub-branch, without one to the city
    sub-branch; a gov user names its department (C-3.1.2, 双线三级).
    """
    repo = AccountRepository(session)
    problem = rules.username_problem(username)
    if problem:
        raise AccountInvalid(f"用户名「{username}」不符合要求：{problem}。")
    if role not in ROLES:
        raise AccountInvalid(f"角色「{role}」不存在，可选：{'、'.join(ROLES)}。")
    _check_password(password, username=username)
    if repo.get_by_username(username):
        raise UsernameTaken(username)
    institution_id = None
    if role in INSTITUTION_ROLES:
        if not institution_code:
            raise AccountInvalid(f"{ROLES[role]}用户必须指定所属机构代码（--institution）。")
        institution = find_institution(session, institution_code)
        if institution is None:
            raise NotFound(f"机构代码「{institution_code}」不在机构名录中。")
        institution_id = institution.id
    elif institution_code:
        raise AccountInvalid(f"{ROLES[role]}用户不属于金融机构，不能指定机构代码。")
    if county_code and not is_luliang_county(county_code):
        raise AccountInvalid(f"县区代码「{county_code}」不是吕梁市所辖县区。")
    if county_code and role not in INSTITUTION_ROLES | {"pboc"}:
        raise AccountInvalid(
            f"{ROLES[role]}用户不能指定县区（--county 仅用于人民银行县支行与金融机构县域分支）。"
        )
    if role == "gov" and department not in DEPARTMENTS:
        raise AccountInvalid(
            f"政府部门用户须指定所属部门（--department），可选：{'、'.join(DEPARTMENTS)}。"
        )
    if department and role != "gov":
        raise AccountInvalid(f"{ROLES[role]}用户不属于政府部门，不能指定部门。")
    if role == "enterprise" and enterprise_id is None:
        raise AccountInvalid("企业用户须通过企业注册创建。")
    user = User(
        username=username,
        display_name=display_name or username,
        role=role,
        password_hash=hash_password(password),
        institution_id=institution_id,
        county_code=county_code,
        department=department,
        enterprise_id=enterprise_id,
        is_active=True,
        session_epoch=0,
    )
    repo.add(user)
    session.flush()
    return user


def principal_of(
    session: Session,
    user: User,
    *,
    scopes: frozenset[str] | None = None,
    second_factor: bool = False,
) -> Principal:
    institution = AccountRepository(session).institution(user.institution_id)
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        institution_id=user.institution_id,
        institution_code=institution.code if institution else None,
        institution_name=institution.name if institution else None,
        county_code=user.county_code,
        enterprise_id=user.enterprise_id,
        department=user.department,
        scopes=scopes,
        second_factor=second_factor and user.totp_secret is not None,
    )


def user_exists(session: Session, username: str) -> bool:
    """Whether a platform user (active or not) is called ``username``."""
    return AccountRepository(session).get_by_username(username) is not None


def principal_named(session: Session, username: str) -> Principal:
    """The principal of an active platform user, for commands run on someone's behalf
    (``--user``): the command then passes the same role checks as the web."""
    user = AccountRepository(session).get_by_username(username)
    if user is None or not user.is_active:
        raise AccountInvalid(f"用户「{username}」不存在或已停用。")
    return principal_of(session, user)


def authenticate(
    session: Session,
    *,
    username: str,
    password: str,
    address: str,
    now: datetime,
    policy: LoginPolicy,
) -> Principal:
    """Check a password, recording the attempt; refuse locked accounts and noisy addresses.

    The attempt is flushed before any error is raised, and the web boundary commits failed
    attempts too, so the lock-out counts survive the failed request.
    """
    repo = AccountRepository(session)
    since = now - policy.window
    if repo.address_failures(address, since) >= ADDRESS_MAX_FAILURES:
        raise AccountLocked(None)
    state = rules.lock_state(
        [as_utc(t) for t in repo.failures_since_success(username, since)],
        now=now,
        max_failures=policy.max_failures,
        window=policy.window,
    )
    if state.locked:
        raise AccountLocked(state.until)
    user = repo.get_by_username(username)
    ok = False
    try:
        ok = _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        ok = False
    ok = ok and user is not None and user.is_active
    repo.add(LoginAttempt(username=username[:64], address=address[:64], at=now, success=ok))
    if not ok or user is None:
        session.flush()
        raise LoginFailed()
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    session.flush()
    return principal_of(session, user)


def session_principal(
    session: Session, *, user_id: int, epoch: int, second_factor: bool = False
) -> Principal | None:
    """The principal of a signed session cookie, or None when the user is gone or signed out
    (every sign-out and password change moves the epoch on, so old cookies stop working)."""
    user = AccountRepository(session).get(user_id)
    if user is None or not user.is_active or user.session_epoch != epoch:
        return None
    return principal_of(session, user, second_factor=second_factor)


def session_epoch(session: Session, *, user_id: int) -> int:
    user = AccountRepository(session).get(user_id)
    return user.session_epoch if user else -1


def end_all_sessions(session: Session, *, user_id: int) -> None:
    """Invalidate every session cookie of a user (sign out everywhere, password change)."""
    user = AccountRepository(session).get(user_id)
    if user is not None:
        user.session_epoch += 1
        session.flush()


def change_password(session: Session, *, username: str, new_password: str) -> None:
    user = AccountRepository(session).get_by_username(username)
    if user is None:
        raise UserNotFound(username)
    _check_password(new_password, username=username)
    user.password_hash = hash_password(new_password)
    user.session_epoch += 1
    session.flush()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: Session,
    *,
    principal: Principal,
    name: str,
    scopes: frozenset[str],
    days: int,
    max_days: int,
    now: datetime,
) -> tuple[ApiToken, str]:
    """A new token for the principal's own use; the plain value is returned once, never stored.

    Only a signed-in person (never a token: probe finding 1) creates tokens, with scopes their
    role reaches (``ROLE_SCOPES``) and an expiry within ``max_days`` (the ``token_max_days``
    setting), so no token is ever wider or longer-lived than its owner allows.
    """
    authorize(principal, "token.manage")
    unknown = rules.unknown_scopes(scopes)
    if unknown or not scopes:
        raise AccountInvalid(
            f"未知或缺少权限范围：{'、'.join(unknown) or '（空）'}；可选：{'、'.join(TOKEN_SCOPES)}。"
        )
    beyond = sorted(scopes - ROLE_SCOPES.get(principal.role, frozenset()))
    if beyond:
        raise AccountInvalid(
            f"{principal.role_name}用户的令牌不能具有权限范围：{'、'.join(beyond)}；"
            f"可选：{'、'.join(sorted(ROLE_SCOPES.get(principal.role, frozenset()))) or '（无）'}。"
        )
    if not 1 <= days <= max_days:
        raise AccountInvalid(f"令牌有效期应为 1–{max_days} 天。")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=principal.user_id,
        name=name[:80] or "API",
        prefix=plain[:11],
        token_hash=_digest(plain),
        scopes=" ".join(sorted(scopes)),
        expires_at=now + timedelta(days=days),
    )
    AccountRepository(session).add(token)
    session.flush()
    return token, plain


def revoke_token(session: Session, *, principal: Principal, token_id: int, now: datetime) -> None:
    """Revoke one of the principal's own tokens (a city pboc user may revoke any)."""
    authorize(principal, "token.manage")
    token = AccountRepository(session).token(token_id)
    city_pboc = principal.role == "pboc" and not principal.is_county_pboc
    if token is None or (token.user_id != principal.user_id and not city_pboc):
        raise NotFound("令牌不存在。")
    if token.revoked_at is None:
        token.revoked_at = now
        session.flush()


def list_tokens(session: Session, *, principal: Principal) -> list[ApiToken]:
    authorize(principal, "token.manage")
    return list(AccountRepository(session).tokens_of(principal.user_id))


@dataclass(frozen=True)
class TokenRow:
    token: ApiToken
    username: str


def all_tokens(session: Session, *, username: str | None = None) -> list[TokenRow]:
    """Every token (an administrator's ``beizeng users token list``), newest first."""
    return [TokenRow(t, u) for t, u in AccountRepository(session).all_tokens(username)]


def token_state(token: ApiToken, *, now: datetime) -> str:
    if token.revoked_at is not None:
        return "已撤销"
    return "已过期" if as_utc(token.expires_at) <= now else "有效"


def admin_revoke_token(session: Session, *, token_id: int, now: datetime) -> None:
    """Revoke any token from the server's command line (a bank's system compromised)."""
    token = AccountRepository(session).token(token_id)
    if token is None:
        raise NotFound(f"令牌 {token_id} 不存在。")
    if token.revoked_at is None:
        token.revoked_at = now
        session.flush()


def sign_out(session: Session, *, user_id: int) -> None:
    """End the session: the epoch moves on, so the old cookie no longer answers (probe
    finding 4) — and neither do the user's other sessions, as a bank's staff expect."""
    end_all_sessions(session, user_id=user_id)


def token_principal(session: Session, *, token: str, now: datetime) -> Principal:
    """The principal a bearer token acts as, with the token's scopes; refuses bad tokens."""
    if not token.startswith(TOKEN_PREFIX):
        raise TokenInvalid()
    repo = AccountRepository(session)
    row = repo.token_by_hash(_digest(token))
    if row is None or row.revoked_at is not None or as_utc(row.expires_at) <= now:
        raise TokenInvalid()
    user = repo.get(row.user_id)
    if user is None or not user.is_active:
        raise TokenInvalid()
    return principal_of(session, user, scopes=rules.parse_scopes(row.scopes))


def list_users(session: Session) -> list[User]:
    return list(AccountRepository(session).list_users())
