"""The inbox: each user's notifications, the unread count in every page's header."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Now, Viewer, allow
from beizeng.http.templating import render
from beizeng.notification import rules, service

router = APIRouter()


def unread_badge(request: Request, db: Db, viewer: Viewer) -> None:
    """Page dependency: the unread count the header shows (signed-in people only)."""
    request.state.unread = (
        service.unread_count(db, principal=viewer)
        if viewer is not None and not viewer.via_token
        else 0
    )


@router.get("/inbox", response_class=HTMLResponse)
def inbox(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("inbox.read")],
    unread: int = 0,
) -> Response:
    rows = service.inbox(db, principal=actor, unread_only=bool(unread))
    return render(request, "inbox.html", rows=rows, KINDS=rules.KINDS, unread_only=bool(unread))


@router.post("/inbox/read")
def mark_read(
    db: Db,
    actor: Annotated[Principal, allow("inbox.read")],
    now: Now,
    notification_id: Annotated[int | None, Form(ge=1, le=2_147_483_647)] = None,
) -> Response:
    """Mark one notification read (and follow its link), or all of them."""
    ids = [notification_id] if notification_id is not None else None
    service.mark_read(db, principal=actor, ids=ids, now=now)
    return RedirectResponse("/inbox", status_code=303)
