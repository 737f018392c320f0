"""pboc's supervision page of the reply clock: the sweep and this month's late replies per bank.

It lives with the sweep, not with the demand pages: it answers "which banks are late", a
supervisor's question over all demands, and it shows exactly what ``beizeng platform sweep``
prints, from the same use case.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from beizeng.access.principal import Principal
from beizeng.deadline import service
from beizeng.http.deps import Db, Now, allow
from beizeng.http.templating import render
from beizeng.institution.service import bank_choices
from beizeng.kit.clock import china_date
from beizeng.kit.periods import Period

router = APIRouter()


@router.get("/supervision", response_class=HTMLResponse)
def supervision(
    request: Request, db: Db, actor: Annotated[Principal, allow("supervision.read")], now: Now
) -> Response:
    """pboc's view of the reply clock: the sweep and this month's late replies per bank."""
    today = china_date(now)
    county = actor.supervised_county
    report = service.sweep(db, today=today, county=county)
    period = Period.of(today)
    counts = service.overdue_counts(db, period, today=today, county=county)
    return render(
        request,
        "supervision.html",
        report=report,
        counts=counts,
        period=period,
        names=dict(bank_choices(db)),
    )
