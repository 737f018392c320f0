"""HTML pages of enterprises: registration (the account comes with the enterprise), the profile
and its size class."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from beizeng.access.principal import Principal
from beizeng.enterprise import service
from beizeng.enterprise.schemas import EnterpriseProfile, EnterpriseRegister
from beizeng.http.deps import Db, allow
from beizeng.http.templating import render

router = APIRouter()


@router.get("/register", response_class=HTMLResponse)
def register_form(
    request: Request, viewer: Annotated[Principal | None, allow("enterprise.register")]
) -> Response:
    return render(request, "register.html")


@router.post("/register", dependencies=[allow("enterprise.register")])
def register(request: Request, db: Db, data: Annotated[EnterpriseRegister, Form()]) -> Response:
    user = service.register_enterprise(db, data=data)
    request.session.clear()
    request.session.update(uid=user.id, epoch=user.session_epoch)
    return RedirectResponse("/enterprise/profile?welcome=1", status_code=303)


@router.get("/enterprise/profile", response_class=HTMLResponse)
def profile(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("enterprise.profile")],
    welcome: int = 0,
) -> Response:
    enterprise = service.own_enterprise(db, principal=actor)
    return render(
        request,
        "enterprise_profile.html",
        enterprise=enterprise,
        labels=service.describe(enterprise),
        welcome=bool(welcome),
    )


@router.post("/enterprise/profile")
def update_profile(
    db: Db,
    actor: Annotated[Principal, allow("enterprise.profile")],
    data: Annotated[EnterpriseProfile, Form()],
) -> Response:
    service.update_profile(db, principal=actor, profile=data)
    return RedirectResponse("/enterprise/profile", status_code=303)
