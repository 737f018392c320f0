"""HTML pages of the tools: the overview, one relending batch, and the checker's decisions
(issue 12, point 3: two-person approval from authenticated people).

Each decision route declares its action (``relending.approve``, ``rediscount.approve``,
``subsidy.approve``: the policy asks for a session opened with a second factor) and the service
asks again and refuses the maker. What a viewer reads is scoped in the tools' queries
(``tools.scope``), never here.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Id, Now, allow
from beizeng.http.templating import render
from beizeng.kit.clock import china_date
from beizeng.tools import service
from beizeng.tools.rediscount import service as rediscount
from beizeng.tools.relending import service as relending
from beizeng.tools.relending.rules import PROGRAMMES
from beizeng.tools.subsidy import service as subsidy

router = APIRouter()

Reason = Annotated[str, Form(min_length=1, max_length=300)]


@router.get("/tools", response_class=HTMLResponse)
def overview(
    request: Request, db: Db, actor: Annotated[Principal, allow("tools.read")], now: Now
) -> Response:
    return render(
        request,
        "tools.html",
        view=service.overview(db, principal=actor, on=china_date(now)),
        today=china_date(now),
        PROGRAMMES=PROGRAMMES,
        BATCH_STATUS=relending.STATUS,
        CLAIM_STATUS=subsidy.STATUS,
    )


@router.get("/tools/relending/{batch_id}", response_class=HTMLResponse)
def batch(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("tools.read")],
    now: Now,
    batch_id: Id,
) -> Response:
    page = service.batch_page(db, principal=actor, batch_id=batch_id)
    return render(
        request,
        "tools_batch.html",
        batch=page.batch,
        decide=page.decide,
        today=china_date(now),
        PROGRAMMES=PROGRAMMES,
        BATCH_STATUS=relending.STATUS,
    )


@router.post("/tools/relending/{batch_id}/approve")
def approve_batch(
    db: Db,
    actor: Annotated[Principal, allow("relending.approve")],
    now: Now,
    batch_id: Id,
    draw_date: Annotated[date, Form()],
) -> Response:
    """The checker approves the draw (never the maker; signed in with a second factor)."""
    relending.approve_batch(db, principal=actor, batch_id=batch_id, draw_date=draw_date, now=now)
    return RedirectResponse(f"/tools/relending/{batch_id}", status_code=303)


@router.post("/tools/relending/{batch_id}/reject")
def reject_batch(
    db: Db,
    actor: Annotated[Principal, allow("relending.approve")],
    now: Now,
    batch_id: Id,
    reason: Reason,
) -> Response:
    relending.reject_batch(db, principal=actor, batch_id=batch_id, reason=reason, now=now)
    return RedirectResponse(f"/tools/relending/{batch_id}", status_code=303)


@router.post("/tools/rediscount/serve")
def serve_rediscount(
    db: Db,
    actor: Annotated[Principal, allow("rediscount.approve")],
    bank: Annotated[str, Form(min_length=1, max_length=32)],
    discount_date: Annotated[date, Form()],
) -> Response:
    """The checker serves a bank's queue of bills within its quota (never bills they entered)."""
    rediscount.serve_queue(db, principal=actor, institution_code=bank, discount_date=discount_date)
    return RedirectResponse("/tools#rediscount", status_code=303)


@router.post("/tools/subsidy/claims/{claim_id}/approve")
def approve_claim(
    db: Db,
    actor: Annotated[Principal, allow("subsidy.approve")],
    now: Now,
    claim_id: Id,
) -> Response:
    subsidy.approve_claim(db, principal=actor, claim_id=claim_id, now=now)
    return RedirectResponse("/tools#subsidy", status_code=303)


@router.post("/tools/subsidy/claims/{claim_id}/reject")
def reject_claim(
    db: Db,
    actor: Annotated[Principal, allow("subsidy.approve")],
    now: Now,
    claim_id: Id,
    reason: Reason,
) -> Response:
    subsidy.reject_claim(db, principal=actor, claim_id=claim_id, reason=reason, now=now)
    return RedirectResponse("/tools#subsidy", status_code=303)
