"""HTML pages of the submissions (issue 13 point 1, C-4.5.1).

A bank uploads its ledger (or statistics) for a period and sees the outcome on the same page:
accepted (rows, totals by caliber, what it supersedes) or refused with every problem (the first
200 in a table, the error workbook to download). Its history lists every version, who submitted
it and why a resubmission replaced the one before. pboc's board shows, per period, who
submitted, when, how many versions, who is late or missing, and reminds the missing.

The upload is streamed to disk (``spool``); the page's script posts it with the CSRF header and
shows a progress bar; without script the form posts as usual. Routes are sync so the import runs
in the threadpool.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Now, SettingsDep, allow
from beizeng.http.listing import listing
from beizeng.http.templating import render
from beizeng.kit.clock import china_date
from beizeng.kit.periods import Period
from beizeng.stats.rules import KNOWN_METRICS
from beizeng.submission import rules, service, spool
from beizeng.submission.errors import SubmissionRefused

router = APIRouter()

CALIBERS = {
    "inclusive_smb": "普惠小微贷款（人民银行口径）",
    "inclusive_smb_cbirc": "普惠型小微企业贷款（银保监口径）",
    "private_enterprise": "民营企业贷款",
    "manufacturing_mlt": "制造业中长期贷款",
    "services": "餐饮、零售、文体娱乐、旅行社贷款",
    "green": "绿色贷款",
    "clean_energy": "清洁能源贷款",
    "first_loan": "首贷户贷款",
}


def declared_length(request: Request, settings: SettingsDep) -> None:
    """Refuse an upload over the cap from its ``Content-Length`` before anything reads it (also
    before the CSRF check, which parses a form posted without script)."""
    if request.method == "POST":
        spool.check_length(request.headers, max_bytes=settings.max_upload_bytes)


async def upload(request: Request, settings: SettingsDep) -> AsyncIterator[spool.Spooled]:
    """The posted form on disk: streamed when the script sent the CSRF header, copied in chunks
    from the form the CSRF check already parsed otherwise; removed after the response."""
    scratch = service.scratch_folder(settings)
    if request.headers.get("x-csrf-token") is not None:
        spooled = await spool.spool(
            request.headers,
            request.stream(),
            scratch=scratch,
            max_bytes=settings.max_upload_bytes,
        )
    else:
        form = await request.form()
        file = form.get("file")
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        named = file if isinstance(file, UploadFile) and file.filename else None
        spooled = await spool.spool_parsed(
            named.filename if named else None,
            named.read if named else spool.nothing,
            fields,
            scratch=scratch,
            max_bytes=settings.max_upload_bytes,
        )
    try:
        yield spooled
    finally:
        spooled.cleanup()


Length = Annotated[None, Depends(declared_length)]
Upload = Annotated[spool.Spooled, Depends(upload)]
PeriodQuery = Annotated[str | None, Query(max_length=7, description="报送期 YYYY-MM")]


def _default_period(today: date) -> Period:
    return Period.of(today).shift(-1)


def _period(text: str | None, today: date) -> Period:
    return Period.parse(text) if text else _default_period(today)


def _ledger_page(
    request: Request,
    db: Db,
    actor: Principal,
    now_day: date,
    *,
    status_code: int = 200,
    **outcome: object,
) -> Response:
    return render(
        request,
        "submission_ledger.html",
        status_code=status_code,
        rows=service.ledger_history(db, principal=actor),
        period=outcome.pop("period", _default_period(now_day)),
        shown=rules.ERRORS_SHOWN,
        CALIBERS=CALIBERS,
        **outcome,
    )


@router.get("/submissions/ledgers", response_class=HTMLResponse)
def ledger_page(
    request: Request, db: Db, actor: Annotated[Principal, allow("ledger.history")], now: Now
) -> Response:
    return _ledger_page(request, db, actor, china_date(now))


@router.post("/submissions/ledgers", response_class=HTMLResponse)
def submit_ledger(
    request: Request,
    _length: Length,
    db: Db,
    actor: Annotated[Principal, allow("ledger.submit")],
    upload: Upload,
    settings: SettingsDep,
    now: Now,
) -> Response:
    assert upload.path is not None
    period = Period.parse(upload.fields.get("period", ""))
    try:
        accepted = service.submit_ledger(
            db,
            principal=actor,
            path=upload.path,
            period=period,
            settings=settings,
            now=now,
            reason=upload.fields.get("reason"),
            keep_workbook=True,
        )
    except SubmissionRefused as exc:
        db.rollback()
        return _ledger_page(
            request, db, actor, china_date(now), status_code=422, refused=exc, period=period
        )
    return _ledger_page(request, db, actor, china_date(now), accepted=accepted, period=period)


@router.get("/submissions/errors/{workbook_token}")
def error_workbook(
    actor: Annotated[Principal, allow("ledger.submit")],
    settings: SettingsDep,
    workbook_token: Annotated[str, PathParam(max_length=64, description="错误清单编号")],
) -> Response:
    path = service.error_workbook(actor, token=workbook_token, settings=settings)
    return FileResponse(
        path,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename="台账错误清单.xlsx",
    )


@router.get("/submissions/ledgers/template")
def ledger_template(actor: Annotated[Principal, allow("ledger.history")]) -> Response:
    name, content = service.template_bytes(actor, kind="ledger")
    return _download(name, content)


def _download(name: str, content: bytes) -> Response:
    return Response(
        content,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


def _stats_page(
    request: Request,
    db: Db,
    actor: Principal,
    now_day: date,
    *,
    status_code: int = 200,
    **outcome: object,
) -> Response:
    return render(
        request,
        "submission_stats.html",
        status_code=status_code,
        rows=service.stats_history(db, principal=actor),
        period=outcome.pop("period", _default_period(now_day)),
        shown=rules.ERRORS_SHOWN,
        METRICS=KNOWN_METRICS,
        **outcome,
    )


@router.get("/submissions/stats", response_class=HTMLResponse)
def stats_page(
    request: Request, db: Db, actor: Annotated[Principal, allow("stats.history")], now: Now
) -> Response:
    return _stats_page(request, db, actor, china_date(now))


@router.post("/submissions/stats", response_class=HTMLResponse)
def submit_stats(
    request: Request,
    _length: Length,
    db: Db,
    actor: Annotated[Principal, allow("stats.submit")],
    upload: Upload,
    settings: SettingsDep,
    now: Now,
) -> Response:
    assert upload.path is not None
    period = Period.parse(upload.fields.get("period", ""))
    try:
        done = service.submit_stats(
            db,
            principal=actor,
            path=upload.path,
            period=period,
            settings=settings,
            now=now,
            reason=upload.fields.get("reason"),
        )
    except SubmissionRefused as exc:
        db.rollback()
        return _stats_page(
            request, db, actor, china_date(now), status_code=422, refused=exc, period=period
        )
    return _stats_page(request, db, actor, china_date(now), accepted=done, period=period)


@router.get("/submissions/stats/template")
def stats_template(actor: Annotated[Principal, allow("stats.history")]) -> Response:
    name, content = service.template_bytes(actor, kind="stats")
    return _download(name, content)


@router.get("/submissions/board", response_class=HTMLResponse)
def board(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("submission.board")],
    settings: SettingsDep,
    now: Now,
    period: PeriodQuery = None,
    reminded: Annotated[int | None, Query(ge=0, le=100_000)] = None,
) -> Response:
    today = china_date(now)
    found = service.board(
        db, principal=actor, period=_period(period, today), settings=settings, today=today
    )
    lines = listing(
        request,
        found.lines,
        sorts=BOARD_SORTS,
        filters={"bank": lambda line: line.institution_name, "standing": _standing_name},
    )
    return render(
        request,
        "submission_board.html",
        board=found,
        lines=lines,
        Standing=rules.Standing,
        reminded=reminded,
    )


def _standing_name(line: service.BoardLine) -> str:
    return line.standing_name


BOARD_SORTS: dict[str, Callable[[service.BoardLine], Any]] = {
    "bank": lambda line: line.institution_name,
    "standing": _standing_name,
    "versions": lambda line: line.versions,
    "latest": lambda line: line.latest_at,
    "rows": lambda line: line.rows,
    "balance": lambda line: line.total_balance,
}
"""The board's sortable columns (a county's board is short, the city's lists every bank)."""


@router.post("/submissions/board/remind")
def remind(
    db: Db,
    actor: Annotated[Principal, allow("submission.remind")],
    settings: SettingsDep,
    now: Now,
    period: Annotated[str, Form(max_length=7)] = "",
) -> Response:
    done = service.remind(
        db, principal=actor, period=Period.parse(period), settings=settings, now=now
    )
    return RedirectResponse(
        f"/submissions/board?period={done.period}&reminded={len(done.institutions)}",
        status_code=303,
    )
