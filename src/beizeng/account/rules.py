"""Pure rules of accounts: roles, password policy, lock-out, token scopes, who may see what.

DESIGN ("who uses it"): every user sees only what their role and institution allow; a bank never
sees another bank's customers or pipeline. These rules are values in, values out; the repository
layer turns a ``Principal`` into query filters.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from zxcvbn import zxcvbn

from beizeng.access.principal import TOKEN_SCOPES

MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{3,64}$")


MIN_PASSWORD_SCORE = 3
"""zxcvbn's score a password needs (0–4; 3: "safely unguessable", some 10^8 guesses and up)."""

_ZXCVBN_MAX = 72
_zxcvbn_lock = threading.Lock()

_WEAK_BECAUSE: dict[str, str] = {
    "This is a top-10 common password.": "这是最常用的密码之一",
    "This is a top-100 common password.": "这是最常用的密码之一",
    "This is a very common password.": "这是很常见的密码",
    "This is similar to a commonly used password.": "与常见密码过于相似",
    "Straight rows of keys are easy to guess.": "键盘上连续的按键容易被猜中",
    "Short keyboard patterns are easy to guess.": "键盘图案容易被猜中",
    'Repeats like "aaa" are easy to guess.': "重复的字符容易被猜中",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': "重复的片段容易被猜中",
    "Sequences like abc or 6543 are easy to guess.": "abc、6543 这样的顺序容易被猜中",
    "Recent years are easy to guess.": "近年的年份容易被猜中",
    "Dates are often easy to guess.": "日期容易被猜中",
    "Names and surnames by themselves are easy to guess.": "姓名容易被猜中",
    "Common names and surnames are easy to guess.": "常见姓名容易被猜中",
    "A word by itself is easy to guess.": "单个单词容易被猜中",
}


def _guessable(password: str, user_inputs: list[str]) -> str | None:
    """Why zxcvbn finds ``password`` easy to guess (in Chinese), or None when it is not.

    zxcvbn (Dropbox's estimator, offline: no password leaves the server) recognises common and
    leaked passwords, keyboard walks, dates, repeats and the user's own names; ``Password123``
    meets every composition rule and is among the first guesses of any attacker (NIST SP
    800-63B §5.1.1.2: compare against known-compromised and dictionary values). The library
    keeps the user inputs in a module global, hence the lock; it reads 72 characters at most.
    """
    with _zxcvbn_lock:
        result = zxcvbn(password[:_ZXCVBN_MAX], user_inputs=user_inputs)
    if result["score"] >= MIN_PASSWORD_SCORE:
        return None
    because = _WEAK_BECAUSE.get(result["feedback"].get("warning", ""), "")
    reason = f"（{because}）" if because else ""
    return (
        f"密码太容易被猜中{reason}：请避免常用密码、键盘顺序、年份日期和自己的用户名或姓名，"
        "可用几个不相关的词加数字组成更长的密码"
    )


def password_problems(password: str, *, username: str = "", display_name: str = "") -> list[str]:
    """The password rules a candidate breaks (empty when it is acceptable).

    At least 10 characters, letters and digits, not containing the username, and not easy to
    guess (:func:`_guessable`, given the username and display name): long passwords resist
    guessing better than complex short ones, and a list of guessable ones beats any
    composition rule (NIST SP 800-63B §5.1.1.2).
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
    if not problems:
        guessable = _guessable(password, [x for x in (username, display_name) if x])
        if guessable:
            problems.append(guessable)
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
