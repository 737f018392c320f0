"""HTML pages of the first-loan drive: lists and capacities (pboc/gov), a bank's entities and
contacts, the funnel. Scoping is in the repository; these routes only parse and render."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Id, Now, SettingsDep, allow
from beizeng.http.listing import listing
from beizeng.http.templating import COUNTIES, render
from beizeng.institution.service import bank_choices
from beizeng.kit.text import OptionalLine, upload_name
from beizeng.outreach import assignment as assigning
from beizeng.outreach import follow_up, funnel, lists, reveal, rules, views
from beizeng.outreach.schemas import ContactInput

router = APIRouter()


def _overview(request: Request, db: Db, actor: Principal, by: str) -> Response:
    rows = funnel.funnel(db, principal=actor, by=by)
    context: dict[str, Any] = {
        "funnel_rows": rows,
        "funnel_total": funnel.totals(rows),
        "by": by,
        "GROUPINGS": funnel.GROUPINGS,
        "STAGES": rules.STAGES,
    }
    if actor.is_bank:
        held = views.held_entities(db, principal=actor)
        return render(
            request,
            "outreach_bank.html",
            held=listing(request, held, sorts=HELD_SORTS, filters=HELD_FILTERS, default_sort="due"),
            active=len(held),
            STATUS=rules.ASSIGNMENT_STATUS,
            **context,
        )
    return render(
        request,
        "outreach.html",
        lists=listing(
            request,
            views.list_overview(db, principal=actor),
            sorts=LIST_SORTS,
            filters={"title": lambda r: r.record.title, "uploader": lambda r: r.record.uploaded_by},
        ),
        capacities=assigning.capacities(db),
        banks=bank_choices(db),
        **context,
    )


def _county_name(row: views.EntityRow) -> str:
    return COUNTIES.get(row.entity.county_code, row.entity.county_code)


def _status_name(row: views.EntityRow) -> str | None:
    return rules.ASSIGNMENT_STATUS[row.assignment.status] if row.assignment else None


HELD_SORTS: dict[str, Callable[[views.EntityRow], Any]] = {
    "name": lambda r: r.entity.name,
    "county": _county_name,
    "grid": lambda r: r.entity.grid or None,
    "assigned": lambda r: r.assignment.assigned_on if r.assignment else None,
    "due": lambda r: r.assignment.idle_due_on if r.assignment else None,
    "status": _status_name,
}
"""A bank's held entities' sortable columns (soonest idle deadline first by default)."""

HELD_FILTERS: dict[str, Callable[[views.EntityRow], str | None]] = {
    "name": lambda r: r.entity.name,
    "county": _county_name,
    "grid": lambda r: r.entity.grid,
    "status": _status_name,
}

LIST_SORTS: dict[str, Callable[[views.ListLine], Any]] = {
    "title": lambda r: r.record.title,
    "uploaded": lambda r: r.record.uploaded_at,
    "as_of": lambda r: r.record.as_of,
    "rows": lambda r: r.record.rows,
    "removed": lambda r: r.record.removed_borrowers,
    "entities": lambda r: r.entities,
    "closed": lambda r: r.closed,
}
"""The uploaded lists' sortable columns (newest first unless another sort is asked)."""


@router.get("/outreach", response_class=HTMLResponse)
def overview(
    request: Request, db: Db, actor: Annotated[Principal, allow("outreach.read")], by: str = "bank"
) -> Response:
    return _overview(request, db, actor, by if by in funnel.GROUPINGS else "bank")


@router.post("/outreach/lists")
def upload(
    db: Db,
    actor: Annotated[Principal, allow("outreach.upload")],
    now: Now,
    settings: SettingsDep,
    file: Annotated[UploadFile, File()],
    title: Annotated[OptionalLine, Form(max_length=120)] = "",
    idle_workdays: Annotated[int, Form(ge=1, le=60)] = assigning.DEFAULT_IDLE_WORKDAYS,
) -> Response:
    name = upload_name(file.filename or "名单.csv")
    scratch = settings.resolved_home / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="list-", dir=scratch))
    try:
        path = folder / name
        with path.open("wb") as out:
            shutil.copyfileobj(file.file, out)
        report = lists.upload_list(
            db,
            settings=settings,
            principal=actor,
            path=path,
            now=now,
            title=title or None,
            idle_workdays=idle_workdays,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return RedirectResponse(f"/outreach?uploaded={report.list_id}", status_code=303)


@router.post("/outreach/capacity")
def capacity(
    db: Db,
    actor: Annotated[Principal, allow("outreach.assign")],
    institution_code: Annotated[str, Form(max_length=32)],
    capacity: Annotated[int, Form(ge=0, le=10_000_000)],
) -> Response:
    assigning.set_capacity(
        db, principal=actor, institution_code=institution_code, capacity=capacity
    )
    return RedirectResponse("/outreach", status_code=303)


@router.get("/outreach/assignments/{assignment_id}", response_class=HTMLResponse)
def assignment(
    request: Request, db: Db, actor: Annotated[Principal, allow("outreach.read")], assignment_id: Id
) -> Response:
    view = views.entity_view(db, principal=actor, assignment_id=assignment_id)
    return render(
        request,
        "outreach_entity.html",
        view=view,
        e=view.row.entity,
        a=view.row.assignment,
        personal=reveal.entity_personal(view.row, principal=actor),
        OUTCOMES=rules.OUTCOMES,
        KINDS=rules.KINDS,
        STATUS=rules.ASSIGNMENT_STATUS,
    )


@router.post("/outreach/assignments/{assignment_id}/contacts")
def contact(
    db: Db,
    actor: Annotated[Principal, allow("outreach.follow_up")],
    now: Now,
    assignment_id: Id,
    outcome: Annotated[str, Form(max_length=16)],
    note: Annotated[str, Form(max_length=2000)] = "",
    demand_id: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    data = ContactInput(outcome, note, int(demand_id) if demand_id.isdigit() else None)
    follow_up.record_contact(db, principal=actor, assignment_id=assignment_id, data=data, now=now)
    return RedirectResponse(f"/outreach/assignments/{assignment_id}", status_code=303)


@router.post("/outreach/assignments/{assignment_id}/decline")
def decline(
    db: Db,
    actor: Annotated[Principal, allow("outreach.follow_up")],
    now: Now,
    assignment_id: Id,
    reason: Annotated[str, Form(max_length=500)],
) -> Response:
    follow_up.decline(db, principal=actor, assignment_id=assignment_id, reason=reason, now=now)
    return RedirectResponse("/outreach", status_code=303)


@router.post("/outreach/assignments/{assignment_id}/personal", response_class=HTMLResponse)
def reveal_personal(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("outreach.reveal")],
    now: Now,
    assignment_id: Id,
    field: Annotated[str, Form(max_length=16)],
    purpose: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    """The listed entity's whole identifier or contact for the bank following it (logged)."""
    revealed = reveal.reveal_entity_field(
        db, principal=actor, assignment_id=assignment_id, column=field, purpose=purpose, now=now
    )
    response = render(request, "privacy_reveal.html", revealed=revealed)
    response.headers["Cache-Control"] = "no-store"
    return response
