"""Dependencies shared by every page and endpoint: the unit of work, the settings, the clock,
who is acting.

The settings and the clock are the app's own (``create_app`` keeps them in ``app.state``): a
page hands them to the services it calls, so no service fetches ``get_settings()`` or reads the
machine's time (CONVENTIONS rule 8; consolidation issue, point 3).

The boundary owns the transaction (CONVENTIONS rule 2): ``get_db`` commits when the request
succeeds and rolls back when it fails, except for failures that must leave a trace (a failed
sign-in is recorded so that lock-out works).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any, Protocol

from fastapi import Depends, Path, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session, sessionmaker

from beizeng.access.policy import ACTIONS, authorize
from beizeng.access.principal import Principal
from beizeng.config import Settings
from beizeng.errors import BeizengError, NotPermitted
from beizeng.kit.clock import Clock


class CsrfFailed(NotPermitted):
    def __init__(self) -> None:
        super().__init__("页面已过期或请求来源无法验证，请刷新页面后重试。")


def get_db(request: Request) -> Iterator[Session]:
    factory: sessionmaker[Session] = request.app.state.sessions
    session = factory()
    session.info["actor"] = "web"
    try:
        yield session
        session.commit()
    except BeizengError as exc:
        if getattr(exc, "keeps_writes", False):
            session.commit()
        else:
            session.rollback()
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


Db = Annotated[Session, Depends(get_db, scope="function")]
"""Committed before the response is sent, so a redirect never outruns its own write."""


def get_now(request: Request) -> datetime:
    clock: Clock = request.app.state.clock
    return clock.now()


Now = Annotated[datetime, Depends(get_now)]


def get_app_settings(request: Request) -> Settings:
    """The settings the app was built with, not the environment's (tests build apps on temporary
    homes; a service given ``get_settings()`` would write to another home)."""
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use); forms carry it in a hidden field."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


API_PREFIX = "/api/"
"""Tokens are read only under this prefix: an HTML route never sees one (access-model issue,
point 2), so a bearer header there neither signs anyone in nor skips CSRF."""

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _bearer(request: Request) -> str | None:
    if not request.url.path.startswith(API_PREFIX):
        return None
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


class Authenticator(Protocol):
    """Turns a token or a session into a principal; the account feature provides it.

    The app factory puts it in ``app.state.authenticator``, so this plumbing, below the
    features, never imports the account feature.
    """

    def token_principal(
        self, session: Session, *, token: str, now: datetime
    ) -> Principal | None: ...

    def session_principal(
        self, session: Session, *, user_id: int, epoch: int, second_factor: bool
    ) -> Principal | None: ...


def optional_principal(request: Request, db: Db, now: Now) -> Principal | None:
    """The signed-in user (session cookie) or, under ``/api`` only, the API token's user."""
    token = _bearer(request)
    accounts: Authenticator = request.app.state.authenticator
    principal: Principal | None
    if token is not None:
        principal = accounts.token_principal(db, token=token, now=now)
    else:
        uid, epoch = request.session.get("uid"), request.session.get("epoch")
        principal = None
        if isinstance(uid, int) and isinstance(epoch, int):
            principal = accounts.session_principal(
                db, user_id=uid, epoch=epoch, second_factor=request.session.get("mfa") is True
            )
            if principal is None:
                request.session.clear()
    if principal is not None:
        db.info["actor"] = principal.username
    request.state.principal = principal
    return principal


Viewer = Annotated[Principal | None, Depends(optional_principal)]


async def verify_csrf(request: Request) -> None:
    """Refuse a state-changing request without the session's CSRF token.

    Forms send ``csrf_token``; scripts send the ``X-CSRF-Token`` header. The only requests
    spared are those a valid API token authenticated (under ``/api``): they carry no ambient
    authority. A header alone never spares one (probe finding 7).
    """
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise CsrfFailed()


class ActionGuard:
    """The one dependency that enforces the policy on a route (access-model issue, point 1).

    It resolves the principal, asks ``access.policy.authorize`` for the route's declared action
    and, for a write not authenticated by an API token, checks the CSRF token. A test walks the
    app's routes and fails on any route without exactly one guard.
    """

    def __init__(self, action: str) -> None:
        if action not in ACTIONS:
            raise KeyError(f"undeclared action {action!r}")
        self.action = action

    async def __call__(self, request: Request, principal: Viewer) -> Principal | None:
        authorize(principal, self.action)
        if request.method not in SAFE_METHODS and not (principal and principal.via_token):
            await verify_csrf(request)
        return principal

    def __repr__(self) -> str:
        return f"ActionGuard({self.action!r})"


class PublicGuard(ActionGuard):
    """The guard of a public read that must not touch the database (the health probes answer
    even when the database is down)."""

    def __init__(self, action: str) -> None:
        super().__init__(action)
        if not ACTIONS[action].public:
            raise ValueError(f"{action!r} is not public")

    async def __call__(self, request: Request) -> None:  # type: ignore[override]
        return None


def allow_anyone(action: str) -> Any:
    """``dependencies=[allow_anyone("health.probe")]`` for a public GET without a principal."""
    return Depends(PublicGuard(action))


def allow(action: str) -> Any:
    """``Annotated[Principal, allow("demand.read")]``: the route performs ``action``."""
    return Depends(ActionGuard(action))


def route_actions(route: APIRoute) -> list[str]:
    """The actions a route's dependencies declare (for the route walk and the OpenAPI)."""
    found: list[str] = []

    def walk(dependant: Dependant) -> None:
        if isinstance(dependant.call, ActionGuard):
            found.append(dependant.call.action)
        for sub in dependant.dependencies:
            walk(sub)

    walk(route.dependant)
    return found


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


Id = Annotated[int, Path(ge=1, le=2_147_483_647, description="编号")]
"""A row id in a path: bounded, so an absurd number is a 422/404, not a database overflow."""
