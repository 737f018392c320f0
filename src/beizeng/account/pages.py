"""HTML pages of accounts: home, sign in (password, then the TOTP code) and out, the account
page (password, authenticator, API tokens)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from beizeng.access.principal import ROLE_SCOPES, TOKEN_SCOPES, Principal
from beizeng.account import service
from beizeng.account.errors import SignInExpired
from beizeng.account.rules import parse_scopes
from beizeng.config import Settings
from beizeng.http.deps import Db, Id, Now, SettingsDep, Viewer, allow, client_address
from beizeng.http.templating import render

router = APIRouter()


def second_factor_reminder(request: Request, settings: SettingsDep, viewer: Viewer) -> None:
    """Page dependency: remind a signed-in user whose role signs in with a code but who has no
    authenticator yet (issue 12 point 3; money approvals are refused until then)."""
    request.state.second_factor_reminder = bool(
        viewer is not None
        and not viewer.via_token
        and not viewer.second_factor
        and settings.needs_second_factor(viewer.role)
    )


def _safe_next(target: str) -> str:
    """Only local paths: an open redirect would let a phishing link bounce through us."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/", response_class=HTMLResponse)
def home(request: Request, viewer: Annotated[Principal | None, allow("site.home")]) -> Response:
    return render(request, "home.html")


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request, viewer: Annotated[Principal | None, allow("session.sign_in")], next: str = "/"
) -> Response:
    return render(request, "login.html", next=_safe_next(next))


def _open_session(request: Request, principal: Principal, epoch: int) -> None:
    """A new session for a signed-in user (no session fixation: the old one is dropped)."""
    request.session.clear()
    request.session.update(uid=principal.user_id, epoch=epoch, mfa=principal.second_factor)


PENDING = "pending_sign_in"
"""The session key of a sign-in that waits for its code (never ``uid``: nobody is signed in)."""


def _pending(request: Request) -> tuple[service.PendingSignIn, str] | None:
    value = request.session.get(PENDING)
    if not isinstance(value, dict):
        return None
    try:
        pending = service.PendingSignIn(
            int(value["uid"]), int(value["epoch"]), datetime.fromisoformat(str(value["at"]))
        )
    except (KeyError, TypeError, ValueError):
        return None
    return pending, _safe_next(str(value.get("next", "/")))


@router.post("/login", dependencies=[allow("session.sign_in")])
def login(
    request: Request,
    db: Db,
    now: Now,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """A correct password signs in, or, for a user with an authenticator, waits for the code."""
    accepted = service.authenticate(
        db,
        username=username,
        password=password,
        address=client_address(request),
        now=now,
        policy=service.login_policy(settings),
    )
    if accepted.needs_code:
        request.session.clear()
        request.session[PENDING] = {
            "uid": accepted.principal.user_id,
            "epoch": accepted.epoch,
            "at": now.isoformat(),
            "next": _safe_next(next),
        }
        return RedirectResponse("/login/code", status_code=303)
    _open_session(request, accepted.principal, accepted.epoch)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.get("/login/code", response_class=HTMLResponse)
def login_code_form(
    request: Request, viewer: Annotated[Principal | None, allow("session.sign_in")]
) -> Response:
    """The second step of a sign-in: the six-digit code of the user's authenticator."""
    if _pending(request) is None:
        return RedirectResponse("/login", status_code=303)
    return render(request, "login_code.html")


@router.post("/login/code", dependencies=[allow("session.sign_in")])
def login_code(
    request: Request,
    db: Db,
    now: Now,
    settings: SettingsDep,
    code: Annotated[str, Form(max_length=20)],
) -> Response:
    found = _pending(request)
    if found is None:
        raise SignInExpired()
    pending, target = found
    try:
        principal = service.verify_sign_in_code(
            db,
            pending=pending,
            code=code,
            address=client_address(request),
            now=now,
            policy=service.login_policy(settings),
        )
    except SignInExpired:
        request.session.pop(PENDING, None)
        raise
    _open_session(request, principal, pending.epoch)
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout(
    request: Request, db: Db, viewer: Annotated[Principal | None, allow("session.sign_out")]
) -> Response:
    """Sign out: the session epoch moves on, so the old cookie is dead everywhere (finding 4)."""
    if viewer is not None:
        service.sign_out(db, user_id=viewer.user_id)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


def _account_page(
    request: Request,
    db: Db,
    actor: Principal,
    settings: Settings,
    *,
    created: str | None = None,
    notice: str | None = None,
) -> Response:
    return render(
        request,
        "account.html",
        tokens=service.list_tokens(db, principal=actor),
        scopes={s: TOKEN_SCOPES[s] for s in sorted(ROLE_SCOPES[actor.role])},
        created=created,
        totp=service.totp_status(db, principal=actor, settings=settings),
        notice=notice,
    )


@router.get("/account", response_class=HTMLResponse)
def account(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("account.manage")],
    settings: SettingsDep,
    done: str | None = None,
) -> Response:
    return _account_page(request, db, actor, settings, notice=NOTICES.get(done or ""))


NOTICES = {
    "password": "密码已修改，其他设备上的登录已失效。",
    "totp-on": "动态口令已绑定。今后登录须输入手机上的口令。",
    "totp-off": "动态口令已解除绑定。",
}


@router.post("/account/password")
def change_password(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("account.manage")],
    now: Now,
    settings: SettingsDep,
    current: Annotated[str, Form(max_length=200)],
    new: Annotated[str, Form(max_length=200)],
    repeat: Annotated[str, Form(max_length=200)],
) -> Response:
    """Change the password; this session stays signed in with the new epoch, the others end."""
    epoch = service.change_own_password(
        db,
        principal=actor,
        current=current,
        new=new,
        repeat=repeat,
        address=client_address(request),
        now=now,
        policy=service.login_policy(settings),
    )
    _open_session(request, actor, epoch)
    return RedirectResponse("/account?done=password", status_code=303)


@router.post("/account/totp/begin")
def begin_totp(db: Db, actor: Annotated[Principal, allow("account.manage")]) -> Response:
    """Start binding an authenticator; the account page then shows its QR code."""
    service.begin_totp(db, principal=actor)
    return RedirectResponse("/account#totp", status_code=303)


@router.post("/account/totp/confirm")
def confirm_totp(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("account.manage")],
    now: Now,
    code: Annotated[str, Form(max_length=20)],
) -> Response:
    """Confirm the binding with a code: this session has now shown the second factor."""
    service.confirm_totp(db, principal=actor, code=code, now=now)
    request.session["mfa"] = True
    return RedirectResponse("/account?done=totp-on", status_code=303)


@router.post("/account/totp/remove")
def remove_totp(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("account.manage")],
    now: Now,
    code: Annotated[str, Form(max_length=20)],
) -> Response:
    service.remove_totp(db, principal=actor, code=code, now=now)
    request.session["mfa"] = False
    return RedirectResponse("/account?done=totp-off", status_code=303)


@router.post("/account/tokens")
def create_token(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("token.manage")],
    now: Now,
    settings: SettingsDep,
    name: Annotated[str, Form(max_length=80)],
    scopes: Annotated[list[str], Form()],
    days: Annotated[int, Form(ge=1, le=366)] = 90,
) -> Response:
    _, plain = service.create_token(
        db,
        principal=actor,
        name=name,
        scopes=parse_scopes(" ".join(scopes)),
        days=days,
        max_days=settings.token_max_days,
        now=now,
    )
    return _account_page(request, db, actor, settings, created=plain)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(
    db: Db, actor: Annotated[Principal, allow("token.manage")], now: Now, token_id: Id
) -> Response:
    service.revoke_token(db, principal=actor, token_id=token_id, now=now)
    return RedirectResponse("/account", status_code=303)
