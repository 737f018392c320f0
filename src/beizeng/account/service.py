"""Use cases of accounts: create users, sign in with lock-out and a TOTP second factor,
sessions' principals, passwords, API tokens."""

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
from beizeng.account import rules, totp
from beizeng.account.errors import (
    AccountInvalid,
    AccountLocked,
    CodeRejected,
    CurrentPasswordWrong,
    LoginFailed,
    PasswordRejected,
    SignInExpired,
    TokenInvalid,
    TotpCodeInvalid,
    TotpStateInvalid,
    UsernameTaken,
    UserNotFound,
)
from beizeng.account.repository import AccountRepository
from beizeng.config import Settings
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


def login_policy(settings: Settings) -> LoginPolicy:
    """The lock-out of the settings (``login_max_failures`` within ``login_lock_minutes``)."""
    return LoginPolicy(settings.login_max_failures, timedelta(minutes=settings.login_lock_minutes))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password(password: str, *, username: str, display_name: str = "") -> None:
    problems = rules.password_problems(password, username=username, display_name=display_name)
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
    _check_password(password, username=username, display_name=display_name or "")
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
        second_factor=second_factor and _enrolled(user),
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


def _refuse_when_locked(
    repo: AccountRepository, username: str, address: str, now: datetime, policy: LoginPolicy
) -> None:
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


def _record(repo: AccountRepository, username: str, address: str, now: datetime, ok: bool) -> None:
    repo.add(LoginAttempt(username=username[:64], address=address[:64], at=now, success=ok))


def _password_ok(user: User | None, password: str) -> bool:
    ok: bool = False
    try:
        ok = _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        ok = False
    return ok and user is not None and user.is_active


def _enrolled(user: User) -> bool:
    return user.totp_secret is not None and user.totp_enrolled_at is not None


@dataclass(frozen=True)
class PasswordAccepted:
    """A correct password: the principal (no second factor yet) and whether a code must follow.

    ``needs_code``: the user has a TOTP authenticator, so the sign-in is only pending; nothing
    is recorded as a success until the code is shown (a correct password alone must not reset
    the failure count, or codes could be guessed without end).
    """

    principal: Principal
    epoch: int
    needs_code: bool


@dataclass(frozen=True)
class PendingSignIn:
    """A sign-in waiting for its code: whose, at which session epoch, since when."""

    user_id: int
    epoch: int
    started_at: datetime


def authenticate(
    session: Session,
    *,
    username: str,
    password: str,
    address: str,
    now: datetime,
    policy: LoginPolicy,
) -> PasswordAccepted:
    """Check a password, recording a failure; refuse locked accounts and noisy addresses.

    Every user with an enrolled authenticator (any role) then shows a code
    (:func:`verify_sign_in_code`); the others are signed in now. The attempt is flushed before
    any error is raised, and the boundaries commit failed attempts too, so the lock-out counts
    survive the failed request (issue 12, point 3).
    """
    repo = AccountRepository(session)
    _refuse_when_locked(repo, username, address, now, policy)
    user = repo.get_by_username(username)
    if not _password_ok(user, password) or user is None:
        _record(repo, username, address, now, False)
        session.flush()
        raise LoginFailed()
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    needs_code = _enrolled(user)
    if not needs_code:
        _record(repo, username, address, now, True)
        user.last_login_at = now
    session.flush()
    return PasswordAccepted(principal_of(session, user), user.session_epoch, needs_code)


def _last_code_use(user: User) -> datetime | None:
    """When the user last showed a code: the latest sign-in since enrolment, or enrolment."""
    uses = [as_utc(t) for t in (user.last_login_at, user.totp_enrolled_at) if t is not None]
    return max(uses) if uses else None


def verify_sign_in_code(
    session: Session,
    *,
    pending: PendingSignIn,
    code: str,
    address: str,
    now: datetime,
    policy: LoginPolicy,
) -> Principal:
    """Complete a pending sign-in with the authenticator's code; the principal then carries
    the second factor that approvals of money require (access policy, ``second_factor``).

    Refused when the wait is over (``rules.PENDING_SIGN_IN``), the account changed meanwhile
    (password changed, signed out everywhere, authenticator removed), the account is locked, or
    the code is wrong or already used; a wrong code is a failed attempt for the lock-out.
    """
    if rules.pending_expired(as_utc(pending.started_at), now=now):
        raise SignInExpired()
    repo = AccountRepository(session)
    user = repo.get(pending.user_id)
    if user is None or not user.is_active or user.session_epoch != pending.epoch:
        raise SignInExpired()
    if not _enrolled(user) or user.totp_secret is None:
        raise SignInExpired()
    _refuse_when_locked(repo, user.username, address, now, policy)
    step = totp.matching_step(
        user.totp_secret, code, now=now, after_step=totp.last_used_step(_last_code_use(user))
    )
    _record(repo, user.username, address, now, step is not None)
    if step is None:
        session.flush()
        raise CodeRejected()
    user.last_login_at = now
    session.flush()
    return principal_of(session, user, second_factor=True)


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


def change_password(session: Session, *, username: str, new_password: str) -> int:
    """Set a new password; every session of the user ends (the epoch moves on, returned)."""
    user = AccountRepository(session).get_by_username(username)
    if user is None:
        raise UserNotFound(username)
    _check_password(new_password, username=username, display_name=user.display_name)
    user.password_hash = hash_password(new_password)
    user.session_epoch += 1
    session.flush()
    return user.session_epoch


def change_own_password(
    session: Session,
    *,
    principal: Principal,
    current: str,
    new: str,
    repeat: str,
    address: str,
    now: datetime,
    policy: LoginPolicy,
) -> int:
    """The signed-in user changes their password, showing the current one; returns the new
    session epoch, which ends the user's other sessions (the caller re-issues its own).

    A wrong current password counts as a failed sign-in: a session left open on a shared
    computer must not become a way to guess the password.
    """
    authorize(principal, "account.manage")
    repo = AccountRepository(session)
    user = repo.get(principal.user_id)
    if user is None:
        raise UserNotFound(principal.username)
    _refuse_when_locked(repo, user.username, address, now, policy)
    if not _password_ok(user, current):
        _record(repo, user.username, address, now, False)
        session.flush()
        raise CurrentPasswordWrong()
    if new != repeat:
        raise AccountInvalid("两次输入的新密码不一致，密码未修改。")
    if new == current:
        raise AccountInvalid("新密码不能与当前密码相同。")
    return change_password(session, username=user.username, new_password=new)


@dataclass(frozen=True)
class TotpEnrolment:
    """An authenticator being bound: the secret (also shown as text), its URI and QR code."""

    secret: str
    uri: str
    qr_svg: str


@dataclass(frozen=True)
class TotpStatus:
    enrolled: bool
    enrolled_at: datetime | None
    required: bool
    """The role signs in with a code (``Settings.second_factor_roles``)."""
    pending: TotpEnrolment | None


def _enrolment(user: User, secret: str) -> TotpEnrolment:
    uri = totp.provisioning_uri(secret, username=user.username)
    return TotpEnrolment(secret, uri, totp.qr_svg(uri))


def _own_user(session: Session, principal: Principal) -> User:
    authorize(principal, "account.manage")
    user = AccountRepository(session).get(principal.user_id)
    if user is None:
        raise UserNotFound(principal.username)
    return user


def totp_status(session: Session, *, principal: Principal, settings: Settings) -> TotpStatus:
    """Whether the user has an authenticator, must have one, or is binding one now."""
    user = _own_user(session, principal)
    pending = None
    if user.totp_secret is not None and user.totp_enrolled_at is None:
        pending = _enrolment(user, user.totp_secret)
    return TotpStatus(
        _enrolled(user),
        user.totp_enrolled_at,
        settings.needs_second_factor(user.role),
        pending,
    )


def begin_totp(session: Session, *, principal: Principal) -> TotpEnrolment:
    """Start binding an authenticator: a new secret, kept on the user but not yet in force.

    The secret waits in ``totp_secret`` with ``totp_enrolled_at`` empty until a code confirms
    it, so it never travels in the session cookie (signed, not encrypted) and a half-finished
    binding changes nothing; starting again replaces it.
    """
    user = _own_user(session, principal)
    if _enrolled(user):
        raise TotpStateInvalid("已绑定动态口令；如需更换手机，请先解除绑定再重新绑定。")
    user.totp_secret = totp.new_secret()
    session.flush()
    return _enrolment(user, user.totp_secret)


def confirm_totp(session: Session, *, principal: Principal, code: str, now: datetime) -> None:
    """Put the pending authenticator in force once the user shows one of its codes."""
    user = _own_user(session, principal)
    if user.totp_secret is None or user.totp_enrolled_at is not None:
        raise TotpStateInvalid("没有待确认的动态口令绑定，请先点击「开始绑定」。")
    if totp.matching_step(user.totp_secret, code, now=now) is None:
        raise TotpCodeInvalid()
    user.totp_enrolled_at = now
    session.flush()


def remove_totp(session: Session, *, principal: Principal, code: str, now: datetime) -> None:
    """Unbind the authenticator, showing a current code of it (a stolen session alone cannot
    strip the second factor); approvals of money are then refused until a new binding."""
    user = _own_user(session, principal)
    if not _enrolled(user) or user.totp_secret is None:
        raise TotpStateInvalid("尚未绑定动态口令。")
    step = totp.matching_step(
        user.totp_secret, code, now=now, after_step=totp.last_used_step(_last_code_use(user))
    )
    if step is None:
        raise TotpCodeInvalid()
    user.totp_secret = None
    user.totp_enrolled_at = None
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


def active_user_ids(
    session: Session,
    *,
    role: str | None = None,
    institution_id: int | None = None,
    county_code: str | None = None,
) -> list[int]:
    """The active users of a role, an institution or a county: who a notification goes to."""
    return AccountRepository(session).active_user_ids(
        role=role, institution_id=institution_id, county_code=county_code
    )


def list_users(session: Session) -> list[User]:
    return list(AccountRepository(session).list_users())
