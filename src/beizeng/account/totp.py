"""Time-based one-time codes (TOTP, RFC 6238): the second factor of a sign-in.

Values in, values out: a new secret, the ``otpauth://`` URI an authenticator app scans, the QR
code of it as inline SVG markup (no script, no external image: the Content-Security-Policy
forbids inline scripts, an inline ``<svg>`` is plain markup), and the check of a code.

Issue 12, point 3 ("two-person approval from authenticated people"): approving money needs a
person who signed in with a password and a code from their own device (JR/T 0071-2020 网上银行
系统信息安全通用规范 asks for two factors for transactions; NIST SP 800-63B §5.1.4 describes
TOTP authenticators, including refusing the reuse of a code within its time step).
"""

from __future__ import annotations

import re
from datetime import datetime

import pyotp
import segno

ISSUER = "倍增·吕梁"
"""The name the authenticator app shows above the code."""

STEP_SECONDS = 30
"""The time step of every code (the RFC 6238 default every authenticator app uses)."""

VALID_WINDOW = 1
"""Steps accepted either side of the current one: a phone's clock 30 s off still works."""

_CODE = re.compile(r"^\d{6}$")


def new_secret() -> str:
    """A fresh base32 secret of 160 bits (RFC 4226 §4 recommends at least 128)."""
    return pyotp.random_base32(length=32)


def provisioning_uri(secret: str, *, username: str) -> str:
    """The ``otpauth://totp/…`` URI that an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(
        name=username, issuer_name=ISSUER
    )


def qr_svg(uri: str) -> str:
    """The QR code of ``uri`` as an ``<svg>`` element to place in a page (no XML prologue)."""
    return str(
        segno.make(uri, error="m").svg_inline(
            scale=4, title="动态口令绑定二维码", svgclass="totp-qr", lineclass=None
        )
    )


def normalise_code(code: str) -> str:
    """What the person typed, without the spaces apps show in the middle (``123 456``)."""
    return re.sub(r"\s+", "", code)


def step_of(moment: datetime) -> int:
    """The time step (counter) that ``moment`` falls in."""
    return int(moment.timestamp()) // STEP_SECONDS


def matching_step(
    secret: str, code: str, *, now: datetime, after_step: int | None = None
) -> int | None:
    """The time step whose code ``code`` is, within ±``VALID_WINDOW`` steps of ``now``; None
    when it matches none (or is not six digits).

    ``after_step``: only steps later than this count, so a code already used (its step or an
    earlier one) is refused even while it is still shown on the phone (NIST SP 800-63B
    §5.1.4.2: a code is accepted once).
    """
    code = normalise_code(code)
    if not _CODE.match(code):
        return None
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    current = step_of(now)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if after_step is not None and step <= after_step:
            continue
        if totp.verify(code, for_time=step * STEP_SECONDS):
            return step
    return None


def code_at(secret: str, moment: datetime) -> str:
    """The code an authenticator shows at ``moment`` (for tests and the demo)."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).at(moment)


def last_used_step(last_use: datetime | None) -> int | None:
    """The latest step a code may have been used at, from the time of the last use.

    Only the time of the last sign-in with a code is stored (``last_login_at``, no column for
    the step), and that code may have been the next step's (the phone's clock ahead), so every
    step up to one past that time's counts as used: a second sign-in waits for a fresh code,
    at most about a minute.
    """
    return None if last_use is None else step_of(last_use) + VALID_WINDOW
