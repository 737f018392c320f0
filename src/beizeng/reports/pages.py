"""The monitoring documents as downloads for pboc (issue 13 point 4): the bulletin, the indicator
workbook and the period's notices (drafts; issuing them is ``/notices``); the bulletin and the
notices also as PDF (``?format=pdf``), dated ``?date=`` (default today in China) and the bulletin
numbered ``?number=`` (issue 14 point 5), checked by ``reports.rules`` as the command line's
``--date`` and ``--number`` are. Each is generated with the active plan and sent as an
attachment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BeforeValidator

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Now, SettingsDep, allow
from beizeng.kit.clock import china_date
from beizeng.kit.periods import Period
from beizeng.reports import downloads, rules

router = APIRouter()

PeriodQuery = Annotated[str, Query(max_length=7, description="评估期（月末）YYYY-MM")]
DocumentFormat = Literal["docx", "pdf"]
FormatQuery = Annotated[DocumentFormat, Query(description="docx（默认）或 pdf")]


def _blank_or(rule: Callable[[str], object]) -> Callable[[object], object]:
    """``rule`` on a query value, where an empty one (a form's field left blank) is absent; its
    ``ValueError`` is the 422 naming the parameter."""

    def check(value: object) -> object:
        if not isinstance(value, str):
            return value
        return rule(value) if value.strip() else None

    return check


SignedOnQuery = Annotated[
    date | None,
    BeforeValidator(_blank_or(rules.signed_on)),
    Query(alias="date", description="成文日期 YYYY-MM-DD，默认今天（北京时间）"),
]
NumberQuery = Annotated[
    str | None,
    BeforeValidator(_blank_or(rules.document_number)),
    Query(description=f"发文字号（GB/T 9704），如 {rules.NUMBER_EXAMPLE}；默认 银吕发〔年〕月号"),
]


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
    signed_on: SignedOnQuery = None,
    number: NumberQuery = None,
    format: FormatQuery = "docx",
) -> Response:
    """The bulletin as docx, or (``format=pdf``) its PDF rendered beside it."""
    return _send(
        downloads.bulletin(
            db,
            principal=actor,
            period=Period.parse(period),
            settings=settings,
            signed_on=signed_on or china_date(now),
            number=number,
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
    signed_on: SignedOnQuery = None,
    format: FormatQuery = "docx",
) -> Response:
    """The period's notice drafts (each keeps the number it is issued with) as a zip of docx,
    or (``format=pdf``) of their PDFs."""
    return _send(
        downloads.notices(
            db,
            principal=actor,
            period=Period.parse(period),
            settings=settings,
            signed_on=signed_on or china_date(now),
            as_pdf=format == "pdf",
        )
    )
