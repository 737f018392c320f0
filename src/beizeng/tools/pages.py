"""HTML pages of the tools: pboc/gov see every bank; a bank sees only its own batches, lines
and claims (the scope is applied in the services' queries, never after the fact)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Id, Now, allow
from beizeng.http.templating import render
from beizeng.tools.guarantee import service as guarantee
from beizeng.tools.relending import service as relending
from beizeng.tools.relending.rules import PROGRAMMES
from beizeng.tools.subsidy import service as subsidy
from beizeng.tools.supporttool.service import statements_for

router = APIRouter()


def _scope(actor: Principal) -> str | None:
    """The institution a viewer is limited to: a bank's own code; pboc and gov see all."""
    return actor.institution_code if actor.is_bank else None


@router.get("/tools", response_class=HTMLResponse)
def overview(
    request: Request, db: Db, actor: Annotated[Principal, allow("tools.read")], now: Now
) -> Response:
    code = _scope(actor)
    programmes = [
        subsidy.programme_report(db, programme_code=p.code, institution_code=code)
        for p in subsidy.list_programmes(db)
    ]
    return render(
        request,
        "tools.html",
        statements=statements_for(db, institution_code=code),
        batches=relending.list_batches(db, institution_code=code),
        programmes=programmes,
        alerts=[] if code else guarantee.leverage_alerts(db, on=now.date()),
        PROGRAMMES=PROGRAMMES,
        BATCH_STATUS=relending.STATUS,
        CLAIM_STATUS=subsidy.STATUS,
    )


@router.get("/tools/relending/{batch_id}", response_class=HTMLResponse)
def batch(
    request: Request, db: Db, actor: Annotated[Principal, allow("tools.read")], batch_id: Id
) -> Response:
    view = relending.batch_view(db, batch_id=batch_id, institution_code=_scope(actor))
    return render(
        request,
        "tools_batch.html",
        batch=view,
        PROGRAMMES=PROGRAMMES,
        BATCH_STATUS=relending.STATUS,
    )
