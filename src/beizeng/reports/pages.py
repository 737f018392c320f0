"""The monitoring documents as downloads for pboc (issue 13 point 4): the bulletin, the indicator
workbook and the period's notices (drafts; issuing them is ``/notices``). Each is generated with
the active plan and sent as an attachment."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Now, SettingsDep, allow
from beizeng.kit.clock import china_date
from beizeng.kit.periods import Period
from beizeng.reports import downloads

router = APIRouter()

PeriodQuery = Annotated[str, Query(max_length=7, description="评估期（月末）YYYY-MM")]


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
) -> Response:
    return _send(
        downloads.bulletin(
            db,
            principal=actor,
            period=Period.parse(period),
            settings=settings,
            today=china_date(now),
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
