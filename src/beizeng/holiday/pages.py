"""HTML pages of the holiday calendar: pboc sees the years and loads a notice; the banner."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from beizeng.access.principal import Principal
from beizeng.holiday import service
from beizeng.holiday.errors import NoticeTooLarge
from beizeng.http.deps import Db, Now, Viewer, allow
from beizeng.http.templating import render
from beizeng.kit.clock import china_date

router = APIRouter()

MAX_NOTICE_BYTES = 64 * 1024
"""A year's notice is a few hundred bytes; anything near this is not one."""


def banner(request: Request, db: Db, viewer: Viewer, now: Now) -> None:
    """Page dependency: put pboc's missing-year reminder where ``render`` finds it."""
    request.state.calendar_banner = service.banner_for(db, principal=viewer, today=china_date(now))


@router.get("/calendar", response_class=HTMLResponse)
def calendar(
    request: Request, db: Db, actor: Annotated[Principal, allow("calendar.read")], now: Now
) -> Response:
    rows = service.years_for(db, principal=actor, today=china_date(now))
    return render(request, "calendar.html", rows=rows, loaded=None)


@router.post("/calendar", response_class=HTMLResponse)
async def load(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("calendar.load")],
    now: Now,
    file: Annotated[UploadFile, File(description="一年的节假日安排 TOML 文件")],
    replace: Annotated[bool, Form()] = False,
) -> Response:
    today = china_date(now)
    service.years_for(db, principal=actor, today=today)  # refuse others before reading
    content = await file.read(MAX_NOTICE_BYTES + 1)
    if len(content) > MAX_NOTICE_BYTES:
        raise NoticeTooLarge(file.filename or "上传文件", MAX_NOTICE_BYTES)
    result = service.load_year_as(
        db,
        principal=actor,
        content=content,
        file=file.filename or "上传文件",
        replace=replace,
        now=now,
    )
    request.state.calendar_banner = service.banner_for(db, principal=actor, today=today)
    rows = service.years_for(db, principal=actor, today=today)
    return render(request, "calendar.html", rows=rows, loaded=result)
