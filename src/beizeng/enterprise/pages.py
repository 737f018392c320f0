"""HTML pages of the enterprise profile and its size class."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from beizeng.enterprise import service
from beizeng.enterprise.schemas import EnterpriseProfile
from beizeng.web.deps import Actor, Csrf, Db
from beizeng.web.templating import render

router = APIRouter()


@router.get("/enterprise/profile", response_class=HTMLResponse)
def profile(request: Request, db: Db, actor: Actor, welcome: int = 0) -> Response:
    enterprise = service.own_enterprise(db, principal=actor)
    return render(
        request,
        "enterprise_profile.html",
        enterprise=enterprise,
        labels=service.describe(enterprise),
        welcome=bool(welcome),
    )


@router.post("/enterprise/profile", dependencies=[Csrf])
def update_profile(db: Db, actor: Actor, data: Annotated[EnterpriseProfile, Form()]) -> Response:
    service.update_profile(db, principal=actor, profile=data)
    return RedirectResponse("/enterprise/profile", status_code=303)
