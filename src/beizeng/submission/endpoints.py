"""JSON API of the submissions (issue 13 point 1, C-4.5.1): a bank's system posts its month-end
ledger and statistics with a token of scope ``ledgers:write`` and lists its versions.

``POST /api/ledgers`` (multipart ``file``, ``period`` = YYYY-MM, optional ``reason``) answers
``201 {"submission_id", "institution", "period", "rows", "supersedes"}`` or ``422 {"detail",
"problems": [{"file", "row", "column", "value", "rule"}], "total"}`` with nothing stored. The
institution is always the token owner's. The upload is streamed to a file under the home's
``tmp/`` (``spool``) and the import runs in the threadpool (a sync route), so the server keeps
answering other requests during a large import.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Now, SettingsDep, allow
from beizeng.http.errors import ErrorBody
from beizeng.kit.periods import Period
from beizeng.kit.stamps import UtcStamp
from beizeng.submission import service, spool
from beizeng.submission.errors import SubmissionRefused

router = APIRouter(tags=["报送"])


async def upload(request: Request, settings: SettingsDep) -> AsyncIterator[spool.Spooled]:
    """The multipart body streamed to disk (size checked first), removed after the response.

    A token's request (or a script's with the CSRF header) is streamed; a signed-in browser's
    form without the header was already parsed by the CSRF check and is copied in chunks.
    """
    scratch = service.scratch_folder(settings)
    viewer = getattr(request.state, "principal", None)
    if (viewer is not None and viewer.via_token) or request.headers.get("x-csrf-token"):
        spooled = await spool.spool(
            request.headers, request.stream(), scratch=scratch, max_bytes=settings.max_upload_bytes
        )
    else:
        spool.check_length(request.headers, max_bytes=settings.max_upload_bytes)
        form = await request.form()
        file = form.get("file")
        named = file if isinstance(file, UploadFile) and file.filename else None
        spooled = await spool.spool_parsed(
            named.filename if named else None,
            named.read if named else spool.nothing,
            {k: v for k, v in form.items() if isinstance(v, str)},
            scratch=scratch,
            max_bytes=settings.max_upload_bytes,
        )
    try:
        yield spooled
    finally:
        spooled.cleanup()


Upload = Annotated[spool.Spooled, Depends(upload)]


class ProblemOut(BaseModel):
    file: str = Field(description="文件名")
    row: int | None = Field(description="行号（表头为第 1 行）；整个文件的问题为 null")
    column: str | None = Field(description="列名")
    value: str | None = Field(description="单元格的值（居民身份证号码已脱敏）")
    rule: str = Field(description="违反的规则（中文）")


class Refused(BaseModel):
    detail: str = Field(description="中文摘要")
    problems: list[ProblemOut] = Field(description="错误（最多 10,000 条）")
    total: int = Field(description="错误总数")


class LedgerCreated(BaseModel):
    submission_id: str
    institution: str = Field(description="报送机构代码（令牌所属用户的机构）")
    period: str
    rows: int
    supersedes: str | None = Field(description="被本次报送取代的版本编号")


class StatsCreated(BaseModel):
    submission_id: int
    institution: str = Field(description="报送机构代码（令牌所属用户的机构）")
    period: str
    rows: int
    supersedes: int | None = Field(description="被本次报送取代的版本编号")


class LedgerVersion(BaseModel):
    submission_id: str
    institution: str
    period: str
    rows: int
    total_balance: str = Field(description="贷款余额（元）")
    status: str = Field(description="current 现行 / superseded 已被取代")
    supersedes: str | None
    source_name: str
    submitted_by: str
    submitted_at: UtcStamp
    reason: str | None


class StatsVersion(BaseModel):
    submission_id: int
    institution: str
    period: str
    rows: int
    status: str
    supersedes: int | None
    source_name: str
    submitted_by: str
    submitted_at: UtcStamp
    reason: str | None


_MULTIPART: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "period"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "CSV 或 XLSX",
                        },
                        "period": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
                        "reason": {"type": "string", "maxLength": 500},
                    },
                }
            }
        },
    }
}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"model": Refused, "description": "文件未通过校验或报送期无效，未写入任何数据"},
    411: {"model": ErrorBody, "description": "缺少 Content-Length"},
    413: {"model": ErrorBody, "description": "文件超过大小上限，未读取"},
}

PeriodQuery = Annotated[str | None, Query(max_length=7, description="报送期 YYYY-MM，不填为全部")]


def _period(text: str | None) -> Period | None:
    return Period.parse(text) if text else None


def _refused(exc: SubmissionRefused) -> JSONResponse:
    body = Refused(
        detail=exc.message,
        problems=[
            ProblemOut(file=p.file, row=p.row, column=p.column, value=p.value, rule=p.rule)
            for p in exc.problems
        ],
        total=exc.total,
    )
    return JSONResponse(body.model_dump(), status_code=422)


@router.post(
    "/ledgers",
    status_code=201,
    response_model=LedgerCreated,
    summary="报送贷款台账",
    openapi_extra=_MULTIPART,
    responses=_RESPONSES,
)
def submit_ledger(
    db: Db,
    actor: Annotated[Principal, allow("ledger.submit")],
    upload: Upload,
    settings: SettingsDep,
    now: Now,
) -> Any:
    """报送本机构一个月末的贷款台账（multipart：file、period、可选 reason）：全部校验通过才入库，同期再次报送取代旧版本。"""
    assert upload.path is not None
    try:
        accepted = service.submit_ledger(
            db,
            principal=actor,
            path=upload.path,
            period=Period.parse(upload.fields.get("period", "")),
            settings=settings,
            now=now,
            reason=upload.fields.get("reason"),
            reason_required=False,
            with_calibers=False,
        )
    except SubmissionRefused as exc:
        return _refused(exc)
    report = accepted.report
    return LedgerCreated(
        submission_id=report.submission_id,
        institution=report.institution_code,
        period=report.period,
        rows=report.rows,
        supersedes=report.supersedes,
    )


@router.get("/ledgers", response_model=list[LedgerVersion], summary="台账报送记录")
def ledger_history(
    db: Db, actor: Annotated[Principal, allow("ledger.history")], period: PeriodQuery = None
) -> list[LedgerVersion]:
    """本机构的台账报送记录（含已被取代的版本），最新的在前。"""
    return [
        LedgerVersion(
            submission_id=r.id,
            institution=r.institution_code,
            period=r.period,
            rows=r.rows,
            total_balance=f"{r.total_balance:.2f}",
            status=r.status,
            supersedes=r.supersedes_id,
            source_name=r.source_name,
            submitted_by=r.actor,
            submitted_at=r.created_at,
            reason=r.reason,
        )
        for r in service.ledger_history(db, principal=actor, period=_period(period))
    ]


@router.post(
    "/stats",
    status_code=201,
    response_model=StatsCreated,
    summary="报送统计数据",
    openapi_extra=_MULTIPART,
    responses=_RESPONSES,
)
def submit_stats(
    db: Db,
    actor: Annotated[Principal, allow("stats.submit")],
    upload: Upload,
    settings: SettingsDep,
    now: Now,
) -> Any:
    """报送本机构一个月的统计数据（multipart：file、period、可选 reason）：文件中的机构代码不起作用，以令牌所属机构为准。"""
    assert upload.path is not None
    try:
        done = service.submit_stats(
            db,
            principal=actor,
            path=upload.path,
            period=Period.parse(upload.fields.get("period", "")),
            settings=settings,
            now=now,
            reason=upload.fields.get("reason"),
            reason_required=False,
        )
    except SubmissionRefused as exc:
        return _refused(exc)
    sub = done.submission
    return StatsCreated(
        submission_id=sub.id,
        institution=sub.institution_code,
        period=sub.period,
        rows=sub.rows,
        supersedes=sub.supersedes_id,
    )


@router.get("/stats", response_model=list[StatsVersion], summary="统计报送记录")
def stats_history(
    db: Db, actor: Annotated[Principal, allow("stats.history")], period: PeriodQuery = None
) -> list[StatsVersion]:
    """本机构的统计数据报送记录（含已被取代的版本），最新的在前。"""
    return [
        StatsVersion(
            submission_id=v.id,
            institution=v.institution_code,
            period=v.period,
            rows=v.rows,
            status=v.status,
            supersedes=v.supersedes_id,
            source_name=v.source_name,
            submitted_by=v.actor,
            submitted_at=v.created_at,
            reason=v.reason,
        )
        for v in service.stats_history(db, principal=actor, period=_period(period))
    ]
