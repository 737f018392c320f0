"""HTML page of matching: a bank's open demands ranked by how well its products fit."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from beizeng.http.deps import Actor, Db
from beizeng.http.templating import render
from beizeng.matching import service

router = APIRouter()


@router.get("/matching", response_class=HTMLResponse)
def bank_matching(request: Request, db: Db, actor: Actor) -> Response:
    return render(request, "matching.html", matches=service.demands_for_bank(db, principal=actor))
