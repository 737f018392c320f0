"""HTML page of the personal-data reads: pboc sees who read which whole value, when and why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, allow
from beizeng.http.listing import listing
from beizeng.http.templating import render
from beizeng.models.account import PersonalDataRead
from beizeng.privacy import rules, service

router = APIRouter()


@router.get("/privacy/reads", response_class=HTMLResponse)
def reads(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("privacy.audit")],
) -> Response:
    """The reads of whole values, sorted, filtered and paged on the server (one paging)."""
    reads = listing(
        request,
        service.all_reads(db, principal=actor),
        sorts=READS_SORTS,
        filters={
            "actor": lambda r: r.actor,
            "subject": lambda r: r.subject,
            "field": _field_name,
            "purpose": lambda r: r.purpose,
        },
    )
    return render(request, "privacy_reads.html", reads=reads, FIELDS=rules.FIELDS)


def _field_name(read: PersonalDataRead) -> str:
    return rules.FIELDS.get(read.field, read.field)


READS_SORTS: dict[str, Callable[[PersonalDataRead], Any]] = {
    "at": lambda r: r.at,
    "actor": lambda r: r.actor,
    "subject": lambda r: r.subject,
    "field": _field_name,
}
"""The sortable columns of the reads (newest first unless another sort is asked)."""
