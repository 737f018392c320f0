"""HTML pages of demands: list, post, detail with the clock, matches, actions, messages; and a
bank's open demands ranked by how well its products fit (``/matching``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from beizeng.access.principal import Principal
from beizeng.demand import reveal, rules, service
from beizeng.demand.schemas import (
    ApproveForm,
    AssignBody,
    DemandForm,
    DisburseBody,
    MessageBody,
    NoteBody,
    RejectBody,
)
from beizeng.http.deps import Db, Id, Now, SettingsDep, allow
from beizeng.http.listing import listing
from beizeng.http.params import Filter, Page
from beizeng.http.templating import COUNTIES, render
from beizeng.institution.service import bank_choices
from beizeng.matching import service as matching

router = APIRouter()


def _back(demand_id: Id) -> Response:
    return RedirectResponse(f"/demands/{demand_id}", status_code=303)


@router.get("/demands", response_class=HTMLResponse)
def demands(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("demand.read")],
    now: Now,
    status: Filter = None,
    scope: Filter = None,
    overdue: Annotated[int, Query(ge=0, le=1)] = 0,
    page: Page = 1,
) -> Response:
    """The demands the tabs choose, sorted, filtered and paged on the server (issue 14 point
    4); ``page`` is declared so an absurd one is a 422 (hardening), the listing reads it."""
    found = service.all_demands(
        db,
        principal=actor,
        status=status or None,
        scope=scope or None,
        overdue=bool(overdue),
        now=now,
    )
    rows = listing(
        request,
        found.rows,
        sorts=DEMAND_SORTS,
        filters={
            "enterprise": lambda r: r.enterprise_name,
            "county": _county_name,
            "bank": lambda r: r.institution_name or "待受理",
            "status": _status_name,
        },
        default_sort="submitted",
        default_desc=True,
    )
    return render(
        request,
        "demands.html",
        rows=rows,
        counts=found.counts,
        status=status or "",
        scope=scope or "",
        overdue=overdue,
    )


def _county_name(row: service.DemandRow) -> str:
    return COUNTIES.get(row.demand.county_code, row.demand.county_code)


def _status_name(row: service.DemandRow) -> str:
    return rules.STATUSES[row.demand.status]


DEMAND_SORTS: dict[str, Callable[[service.DemandRow], Any]] = {
    "id": lambda r: r.demand.id,
    "enterprise": lambda r: r.enterprise_name,
    "amount": lambda r: r.demand.amount,
    "term": lambda r: r.demand.term_months,
    "county": _county_name,
    "bank": lambda r: r.institution_name,
    "status": _status_name,
    "deadline": lambda r: r.demand.deadline,
    "submitted": lambda r: r.demand.submitted_at,
}
"""The list's sortable columns (newest first unless another sort is asked)."""


@router.get("/matching", response_class=HTMLResponse)
def bank_matching(
    request: Request, db: Db, actor: Annotated[Principal, allow("demand.match")]
) -> Response:
    """A bank's open demands ranked by how well its products fit (抢单)."""
    return render(request, "matching.html", matches=service.demands_for_bank(db, principal=actor))


@router.get("/demands/new", response_class=HTMLResponse)
def new_demand(
    request: Request,
    actor: Annotated[Principal, allow("demand.post")],
    product_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> Response:
    return render(request, "demand_form.html", product_id=product_id)


@router.post("/demands/new")
def post_demand(
    db: Db,
    settings: SettingsDep,
    actor: Annotated[Principal, allow("demand.post")],
    now: Now,
    form: Annotated[DemandForm, Form()],
) -> Response:
    demand = service.post_demand(
        db, settings=settings, principal=actor, data=form.to_create(), now=now
    )
    return _back(demand.id)


@router.get("/demands/{demand_id}", response_class=HTMLResponse)
def demand(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("demand.read")],
    now: Now,
    demand_id: Id,
) -> Response:
    view = service.get_demand(db, principal=actor, demand_id=demand_id, now=now)
    matches = service.matches_for_demand(db, principal=actor, demand_id=demand_id, k=5)
    fit = (
        matching.explain_product(db, demand=view.demand, product_id=view.demand.product_id)
        if view.demand.product_id
        else None
    )
    banks = bank_choices(db) if actor.is_supervisor else []
    return render(
        request,
        "demand.html",
        view=view,
        d=view.demand,
        matches=matches,
        fit=fit,
        banks=banks,
        phone=reveal.contact_phone(view, principal=actor),
    )


@router.post("/demands/{demand_id}/accept")
def accept(
    db: Db,
    settings: SettingsDep,
    actor: Annotated[Principal, allow("demand.reply")],
    now: Now,
    demand_id: Id,
) -> Response:
    service.accept_demand(db, settings=settings, principal=actor, demand_id=demand_id, now=now)
    return _back(demand_id)


@router.post("/demands/{demand_id}/approve")
def approve(
    db: Db,
    actor: Annotated[Principal, allow("demand.reply")],
    now: Now,
    demand_id: Id,
    form: Annotated[ApproveForm, Form()],
) -> Response:
    service.approve_demand(db, principal=actor, demand_id=demand_id, body=form.to_body(), now=now)
    return _back(demand_id)


@router.post("/demands/{demand_id}/reject")
def reject(
    db: Db,
    actor: Annotated[Principal, allow("demand.reply")],
    now: Now,
    demand_id: Id,
    form: Annotated[RejectBody, Form()],
) -> Response:
    service.reject_demand(db, principal=actor, demand_id=demand_id, body=form, now=now)
    return _back(demand_id)


@router.post("/demands/{demand_id}/disburse")
def disburse(
    db: Db,
    actor: Annotated[Principal, allow("demand.reply")],
    now: Now,
    demand_id: Id,
    form: Annotated[DisburseBody, Form()],
) -> Response:
    service.disburse_demand(db, principal=actor, demand_id=demand_id, body=form, now=now)
    return _back(demand_id)


@router.post("/demands/{demand_id}/withdraw")
def withdraw(
    db: Db,
    actor: Annotated[Principal, allow("demand.withdraw")],
    now: Now,
    demand_id: Id,
    form: Annotated[NoteBody, Form()],
) -> Response:
    service.withdraw_demand(db, principal=actor, demand_id=demand_id, note=form.note, now=now)
    return _back(demand_id)


@router.post("/demands/{demand_id}/assign")
def assign(
    db: Db,
    settings: SettingsDep,
    actor: Annotated[Principal, allow("demand.assign")],
    now: Now,
    demand_id: Id,
    form: Annotated[AssignBody, Form()],
) -> Response:
    service.assign_demand(
        db,
        settings=settings,
        principal=actor,
        demand_id=demand_id,
        institution_code=form.institution_code,
        now=now,
    )
    return _back(demand_id)


@router.post("/demands/{demand_id}/messages")
def message(
    db: Db,
    actor: Annotated[Principal, allow("demand.message")],
    now: Now,
    demand_id: Id,
    form: Annotated[MessageBody, Form()],
) -> Response:
    service.post_message(db, principal=actor, demand_id=demand_id, body=form, now=now)
    return _back(demand_id)


@router.post("/demands/{demand_id}/contact-phone", response_class=HTMLResponse)
def reveal_phone(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("demand.reveal")],
    now: Now,
    demand_id: Id,
    purpose: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    """The enterprise's whole contact phone for the bank handling the demand (logged)."""
    revealed = reveal.reveal_contact_phone(
        db, principal=actor, demand_id=demand_id, purpose=purpose, now=now
    )
    response = render(request, "privacy_reveal.html", revealed=revealed)
    response.headers["Cache-Control"] = "no-store"
    return response
