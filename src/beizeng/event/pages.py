"""HTML pages of matching events: the list with signed vs disbursed, one event, the forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from beizeng.access.principal import Principal
from beizeng.event import rules, service
from beizeng.http.deps import Db, Id, Now, allow
from beizeng.http.templating import render
from beizeng.institution.service import bank_choices
from beizeng.kit.text import Line, OptionalLine

router = APIRouter()


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, db: Db, actor: Annotated[Principal, allow("event.read")]) -> Response:
    return render(
        request, "events.html", reports=service.all_reports(db, principal=actor), KINDS=rules.KINDS
    )


@router.post("/events")
def create(
    db: Db,
    actor: Annotated[Principal, allow("event.organise")],
    kind: Annotated[Line, Form(max_length=32)],
    title: Annotated[Line, Form(max_length=200)],
    held_on: Annotated[date, Form()],
    county_code: Annotated[OptionalLine, Form(max_length=6)] = "",
    venue: Annotated[OptionalLine, Form(max_length=200)] = "",
) -> Response:
    event = service.create_event(
        db,
        principal=actor,
        kind=kind,
        title=title,
        held_on=held_on,
        county_code=county_code or None,
        venue=venue,
    )
    return RedirectResponse(f"/events/{event.id}", status_code=303)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event(
    request: Request, db: Db, actor: Annotated[Principal, allow("event.read")], event_id: Id
) -> Response:
    view = service.event_view(db, principal=actor, event_id=event_id)
    return render(request, "event.html", view=view, KINDS=rules.KINDS, banks=bank_choices(db))


@router.post("/events/{event_id}/invite")
def invite(
    db: Db,
    actor: Annotated[Principal, allow("event.organise")],
    now: Now,
    event_id: Id,
    bank_code: Annotated[OptionalLine, Form(max_length=32)] = "",
    enterprise_uscc: Annotated[OptionalLine, Form(max_length=18)] = "",
) -> Response:
    service.invite(
        db,
        principal=actor,
        event_id=event_id,
        now=now,
        bank_codes=[bank_code] if bank_code else [],
        enterprise_usccs=[enterprise_uscc] if enterprise_uscc else [],
    )
    return RedirectResponse(f"/events/{event_id}", status_code=303)


@router.post("/events/{event_id}/agreements")
def agreement(
    db: Db,
    actor: Annotated[Principal, allow("event.agreement")],
    event_id: Id,
    bank_code: Annotated[Line, Form(max_length=32)],
    enterprise_uscc: Annotated[Line, Form(max_length=18)],
    enterprise_name: Annotated[Line, Form(max_length=120)],
    amount_wan: Annotated[Decimal, Form(gt=0, le=Decimal("1e7"), decimal_places=2)],
    signed_on: Annotated[date, Form()],
) -> Response:
    service.record_agreement(
        db,
        principal=actor,
        event_id=event_id,
        bank_code=bank_code,
        enterprise_uscc=enterprise_uscc,
        enterprise_name=enterprise_name,
        amount=amount_wan * 10_000,
        signed_on=signed_on,
    )
    return RedirectResponse(f"/events/{event_id}", status_code=303)
