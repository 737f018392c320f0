"""The monitoring documents as downloads for pboc (issue 13 point 4): the bulletin, the indicator
workbook and the period's notices (drafts; issuing them is ``/notices``); the bulletin also as
PDF (``?format=pdf``). Each is generated with
the active plan and sent as an attachment."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Now, SettingsDep, allow
from beizeng.kit.clock import china_date
from beizeng.kit.periods import Period
from beizeng.reports import downloads

router = APIRouter()

PeriodQuery = Annotated[str, Query(max_length=7, description="评估期（月末）YYYY-MM")]
BulletinFormat = Literal["docx", "pdf"]


def _send(download: downloads.Download) -> Response:
    return Response(
        download.content,
        media_type=download.media_type,
        headers={"Content-Disposition": download.disposition},
    )


@router.get("/monitor/reports/bulletin")
def bulletin(
    db: Db,
    actor: Annotated[Principal, allow("monitor.reports")],
    settings: SettingsDep,
    now: Now,
    period: PeriodQuery,
    format: Annotated[BulletinFormat, Query(description="docx（默认）或 pdf")] = "docx",
) -> Response:
    """The bulletin as docx, or (``format=pdf``) its PDF rendered beside it."""
    return _send(
        downloads.bulletin(
            db,
            principal=actor,
            period=Period.parse(period),
            settings=settings,
            today=china_date(now),
            as_pdf=format == "pdf",
        )
    )


@router.get("/monitor/reports/workbook")
def workbook(
    db: Db, actor: Annotated[Principal, allow("monitor.reports")], period: PeriodQuery
) -> Response:
    return _send(downloads.workbook(db, principal=actor, period=Period.parse(period)))


@router.get("/monitor/reports/notices")
def notices(
    db: Db,
    actor: Annotated[Principal, allow("monitor.reports")],
    settings: SettingsDep,
    now: Now,
    period: PeriodQuery,
) -> Response:
    return _send(
        downloads.notices(
            db,
            principal=actor,
            period=Period.parse(period),
            settings=settings,
            today=china_date(now),
        )
    )
