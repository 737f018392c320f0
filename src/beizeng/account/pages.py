"""HTML pages of accounts: home, sign in and out, API tokens."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from beizeng.access.principal import ROLE_SCOPES, TOKEN_SCOPES, Principal
from beizeng.account import service
from beizeng.account.rules import parse_scopes
from beizeng.http.deps import Db, Id, Now, SettingsDep, allow, client_address
from beizeng.http.templating import render

router = APIRouter()


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


@router.post("/login", dependencies=[allow("session.sign_in")])
def login(
    request: Request,
    db: Db,
    now: Now,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    settings = request.app.state.settings
    principal = service.authenticate(
        db,
        username=username,
        password=password,
        address=client_address(request),
        now=now,
        policy=service.LoginPolicy(
            settings.login_max_failures, timedelta(minutes=settings.login_lock_minutes)
        ),
    )
    request.session.clear()  # a new session on sign-in (no session fixation)
    request.session.update(
        uid=principal.user_id, epoch=service.session_epoch(db, user_id=principal.user_id)
    )
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(
    request: Request, db: Db, viewer: Annotated[Principal | None, allow("session.sign_out")]
) -> Response:
    """Sign out: the session epoch moves on, so the old cookie is dead everywhere (finding 4)."""
    if viewer is not None:
        service.sign_out(db, user_id=viewer.user_id)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get("/account", response_class=HTMLResponse)
def account(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("account.manage")],
    created: str | None = None,
) -> Response:
    tokens = service.list_tokens(db, principal=actor)
    return render(
        request,
        "account.html",
        tokens=tokens,
        scopes={s: TOKEN_SCOPES[s] for s in sorted(ROLE_SCOPES[actor.role])},
        created=None,
    )


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
    token, plain = service.create_token(
        db,
        principal=actor,
        name=name,
        scopes=parse_scopes(" ".join(scopes)),
        days=days,
        max_days=settings.token_max_days,
        now=now,
    )
    tokens = service.list_tokens(db, principal=actor)
    return render(
        request,
        "account.html",
        tokens=tokens,
        scopes={s: TOKEN_SCOPES[s] for s in sorted(ROLE_SCOPES[actor.role])},
        created=plain,
    )


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(
    db: Db, actor: Annotated[Principal, allow("token.manage")], now: Now, token_id: Id
) -> Response:
    service.revoke_token(db, principal=actor, token_id=token_id, now=now)
    return RedirectResponse("/account", status_code=303)
