"""HTML page of the personal-data reads: pboc sees who read which whole value, when and why."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, allow
from beizeng.http.templating import render
from beizeng.privacy import rules, service

router = APIRouter()


@router.get("/privacy/reads", response_class=HTMLResponse)
def reads(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("privacy.audit")],
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    result = service.recent_reads(db, principal=actor, page=page)
    return render(request, "privacy_reads.html", result=result, FIELDS=rules.FIELDS)
