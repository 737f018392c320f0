"""HTML pages of the notices' follow-up: pboc previews and issues, the institution and its
superior bank read, download, acknowledge and file measures, pboc and gov track."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.config import Settings
from beizeng.http.deps import Db, Id, Now, SettingsDep, allow
from beizeng.http.listing import listing
from beizeng.http.templating import render
from beizeng.kit.periods import Period
from beizeng.kit.text import Text
from beizeng.library.rules import attachment_headers
from beizeng.notice import rules, service

router = APIRouter()

PeriodQuery = Annotated[
    str | None,
    Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="期间（月末）YYYY-MM"),
]
Kind = Literal["notice", "letter"]
Format = Annotated[Literal["docx", "pdf"], Query(description="docx（默认）或 pdf")]


def _period(value: str | None) -> Period | None:
    return None if value is None else Period.parse(value)


def _download(path_name: tuple[Path, str]) -> Response:
    path, name = path_name
    headers = attachment_headers(name)
    return FileResponse(str(path), media_type=headers.pop("Content-Type"), headers=headers)


def _document(
    db: Session,
    actor: Principal,
    settings: Settings,
    now: datetime,
    notice_id: int,
    kind: Kind,
    format: str,
    action: str,
) -> Response:
    """The stored notice or letter as issued (docx), or (``format=pdf``) its PDF (issue 14
    point 5)."""
    if format == "pdf":
        content, name = service.document_pdf(
            db,
            principal=actor,
            notice_id=notice_id,
            kind=kind,
            settings=settings,
            now=now,
            action=action,
        )
        headers = attachment_headers(name)
        return Response(content, media_type=headers.pop("Content-Type"), headers=headers)
    return _download(
        service.document_file(
            db,
            principal=actor,
            notice_id=notice_id,
            kind=kind,
            settings=settings,
            now=now,
            action=action,
        )
    )


@router.get("/notices/issue", response_class=HTMLResponse)
def issue_form(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("notice.issue")],
    period: PeriodQuery = None,
) -> Response:
    """Choose a period and preview the notices its evaluation calls for."""
    periods = service.issue_periods(db, principal=actor)
    chosen = _period(period)
    preview = service.preview(db, principal=actor, period=chosen) if chosen else None
    return render(request, "notice_issue.html", periods=periods, chosen=chosen, preview=preview)


@router.post("/notices/issue")
def issue(
    db: Db,
    actor: Annotated[Principal, allow("notice.issue")],
    settings: SettingsDep,
    now: Now,
    period: Annotated[str, Form(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")],
) -> Response:
    month = Period.parse(period)
    service.issue(db, principal=actor, period=month, settings=settings, now=now)
    return RedirectResponse(f"/notices/tracking?period={month}", status_code=303)


@router.get("/notices/tracking", response_class=HTMLResponse)
def tracking(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("notice.track")],
    now: Now,
    period: PeriodQuery = None,
) -> Response:
    """One period's notices, sorted, filtered and paged on the server (issue 14 point 4); the
    summary counts every notice of the period."""
    table = service.tracking(db, principal=actor, now=now, period=_period(period))
    rows = listing(
        request,
        table.rows,
        sorts=TRACKING_SORTS,
        filters={"institution": lambda r: r.institution.name, "stage": lambda r: r.stage_name},
    )
    return render(request, "notice_tracking.html", table=table, rows=rows, STAGES=rules.STAGES)


TRACKING_SORTS: dict[str, Callable[[service.NoticeView], Any]] = {
    "number": lambda r: r.notice.number,
    "institution": lambda r: r.institution.name,
    "issued": lambda r: r.notice.issued_on,
    "deadline": lambda r: r.notice.deadline,
    "acknowledged": lambda r: r.notice.acknowledged_at,
    "filed": lambda r: r.filed_at,
    "stage": lambda r: r.stage_name,
}
"""The tracking table's sortable columns (by institution code unless another sort is asked)."""


@router.get("/notices/tracking/{notice_id}", response_class=HTMLResponse)
def tracked_notice(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("notice.track")],
    now: Now,
    notice_id: Id,
) -> Response:
    detail = service.notice_detail(
        db, principal=actor, notice_id=notice_id, now=now, action="notice.track"
    )
    return render(request, "notice_detail.html", detail=detail, base="/notices/tracking")


@router.get("/notices/tracking/{notice_id}/documents/{kind}")
def tracked_document(
    db: Db,
    actor: Annotated[Principal, allow("notice.track")],
    settings: SettingsDep,
    now: Now,
    notice_id: Id,
    kind: Kind,
    format: Format = "docx",
) -> Response:
    return _document(db, actor, settings, now, notice_id, kind, format, "notice.track")


@router.get("/notices/tracking/attachments/{attachment_id}")
def tracked_attachment(
    db: Db,
    actor: Annotated[Principal, allow("notice.track")],
    settings: SettingsDep,
    attachment_id: Id,
) -> Response:
    return _download(
        service.attachment_file(
            db,
            principal=actor,
            attachment_id=attachment_id,
            settings=settings,
            action="notice.track",
        )
    )


@router.get("/notices", response_class=HTMLResponse)
def notices(
    request: Request, db: Db, actor: Annotated[Principal, allow("notice.read")], now: Now
) -> Response:
    rows = service.my_notices(db, principal=actor, now=now)
    return render(request, "notice_list.html", rows=rows)


@router.get("/notices/attachments/{attachment_id}")
def attachment(
    db: Db,
    actor: Annotated[Principal, allow("notice.read")],
    settings: SettingsDep,
    attachment_id: Id,
) -> Response:
    return _download(
        service.attachment_file(
            db,
            principal=actor,
            attachment_id=attachment_id,
            settings=settings,
            action="notice.read",
        )
    )


@router.get("/notices/{notice_id}", response_class=HTMLResponse)
def notice(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("notice.read")],
    now: Now,
    notice_id: Id,
) -> Response:
    detail = service.notice_detail(
        db, principal=actor, notice_id=notice_id, now=now, action="notice.read"
    )
    return render(
        request,
        "notice_detail.html",
        detail=detail,
        base="/notices",
        MAX_MEASURE_CHARS=rules.MAX_MEASURE_CHARS,
    )


@router.get("/notices/{notice_id}/documents/{kind}")
def document(
    db: Db,
    actor: Annotated[Principal, allow("notice.read")],
    settings: SettingsDep,
    now: Now,
    notice_id: Id,
    kind: Kind,
    format: Format = "docx",
) -> Response:
    return _document(db, actor, settings, now, notice_id, kind, format, "notice.read")


@router.post("/notices/{notice_id}/acknowledge")
def acknowledge(
    db: Db, actor: Annotated[Principal, allow("notice.acknowledge")], now: Now, notice_id: Id
) -> Response:
    service.acknowledge(db, principal=actor, notice_id=notice_id, now=now)
    return RedirectResponse(f"/notices/{notice_id}", status_code=303)


@router.post("/notices/{notice_id}/measures")
async def measures(
    db: Db,
    actor: Annotated[Principal, allow("notice.rectify")],
    settings: SettingsDep,
    now: Now,
    notice_id: Id,
    text: Annotated[Text, Form(max_length=rules.MAX_MEASURE_CHARS)],
    attachments: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    files = []
    for upload in attachments or []:
        if upload.filename:
            files.append((upload.filename, await upload.read(rules.MAX_ATTACHMENT_BYTES + 1)))
    service.file_measures(
        db,
        principal=actor,
        notice_id=notice_id,
        text=text,
        settings=settings,
        now=now,
        attachments=files,
    )
    return RedirectResponse(f"/notices/{notice_id}", status_code=303)
