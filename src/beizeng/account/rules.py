"""Pure rules of accounts: roles, password policy, lock-out, token scopes, who may see what.

DESIGN ("who uses it"): every user sees only what their role and institution allow; a bank never
sees another bank's customers or pipeline. These rules are values in, values out; the repository
layer turns a ``Principal`` into query filters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from beizeng.access.principal import TOKEN_SCOPES

MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{3,64}$")


def password_problems(password: str, *, username: str = "") -> list[str]:
    """The password rules a candidate breaks (empty when it is acceptable).

    At least 10 characters, letters and digits, and not containing the username: long
    passwords resist guessing better than complex short ones (NIST SP 800-63B §5.1.1.2).
    """
    problems: list[str] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"密码至少 {MIN_PASSWORD_LENGTH} 位")
    if not re.search(r"[A-Za-z]", password) or not re.search(r"\d", password):
        problems.append("密码须同时包含字母和数字")
    if username and username.lower() in password.lower():
        problems.append("密码不能包含用户名")
    if password.strip() != password:
        problems.append("密码首尾不能是空格")
    return problems


def username_problem(username: str) -> str | None:
    """The rule a username breaks, or None (3–64 letters, digits, ``_ . -``)."""
    if not _USERNAME.match(username):
        return "用户名应为 3–64 位字母、数字或 _ . -"
    return None


@dataclass(frozen=True)
class LockState:
    """Whether sign-in is refused, and until when."""

    locked: bool
    until: datetime | None = None


def lock_state(
    failures: list[datetime], *, now: datetime, max_failures: int, window: timedelta
) -> LockState:
    """Lock an account after ``max_failures`` failed attempts within ``window``.

    ``failures`` are the failed attempts since the last success. The lock lasts ``window`` from
    the latest failure, so it lifts by itself; a success clears the count.
    """
    recent = sorted(t for t in failures if now - t < window)
    if len(recent) < max_failures:
        return LockState(False)
    return LockState(True, recent[-1] + window)


def parse_scopes(text: str) -> frozenset[str]:
    """Scopes from a space- or comma-separated string; unknown ones are rejected by the caller."""
    return frozenset(s for s in re.split(r"[\s,]+", text.strip()) if s)


def unknown_scopes(scopes: frozenset[str]) -> list[str]:
    return sorted(s for s in scopes if s not in TOKEN_SCOPES)


PENDING_SIGN_IN = timedelta(minutes=5)
"""How long a correct password waits for its TOTP code before the sign-in starts over."""


def pending_expired(started: datetime, *, now: datetime, ttl: timedelta = PENDING_SIGN_IN) -> bool:
    """Whether a sign-in waiting for its code since ``started`` is too old (or from the future).

    A short wait keeps a password typed on a shared computer from being completed later by
    someone else (NIST SP 800-63B §7.1: authentication secrets bound to a session expire).
    """
    return not started <= now < started + ttl
