"""Jinja2 templates with the helpers every page uses (money, dates, labels, CSRF)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from beizeng.access.policy import may
from beizeng.access.principal import ROLES
from beizeng.http import export
from beizeng.http.deps import csrf_token
from beizeng.kit.clock import china_minute
from beizeng.kit.money import wan_display
from beizeng.reference.identifiers import mask_identifier, mask_phone
from beizeng.reference.regions import luliang_counties

templates = Jinja2Templates(directory=str(resources.files("beizeng.http") / "templates"))


def _when(value: datetime | date | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return china_minute(value)
    return value.isoformat()


def _wan(value: Decimal | None) -> str:
    return "—" if value is None else wan_display(value)


def _percent(value: Decimal | float | None) -> str:
    return "—" if value is None else f"{Decimal(value) * 100:.2f}%"


COUNTIES = {r.code: r.name for r in luliang_counties()}


def _mask_id(value: str | None) -> str:
    """A resident ID (or an id that may be one) masked, a USCC as it is (JR/T 0171-2020)."""
    return "—" if not value else mask_identifier(value)


def _mask_phone(value: str | None) -> str:
    """Every phone number in ``value`` masked: 138****5678 (JR/T 0171-2020)."""
    return "—" if not value else mask_phone(value)


templates.env.filters.update(
    when=_when, wan=_wan, percent=_percent, mask_id=_mask_id, mask_phone=_mask_phone
)
templates.env.globals.update(ROLES=ROLES, COUNTIES=COUNTIES, may=may)


def add_labels(**labels: object) -> None:
    """Labels the features' templates share (status names, kinds …), given by the app factory.

    The plumbing imports no feature: ``beizeng.web.app`` hands each feature's label tables in.
    """
    templates.env.globals.update(labels)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """Render a page with the viewer and a CSRF token in its context.

    Every table of a page offers 「导出 Excel」; with ``?export=xlsx&table=N`` the same page
    answers with that table as a workbook (``http.export``, issue 14 point 4).
    """
    context.setdefault("principal", getattr(request.state, "principal", None))
    context.setdefault("calendar_banner", getattr(request.state, "calendar_banner", None))
    context.setdefault(
        "second_factor_reminder", getattr(request.state, "second_factor_reminder", False)
    )
    context.setdefault("unread", getattr(request.state, "unread", 0))
    context["csrf_token"] = csrf_token(request)
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    if status_code != 200:
        return response
    page = bytes(response.body).decode()
    if export.wants_export(request.query_params):
        number = export.table_number(request.query_params.get(export.TABLE_PARAM))
        data, title = export.table_workbook(page, number)
        disposition = export.content_disposition(request.url.path, title, number)
        return Response(
            data,
            media_type=export.XLSX_TYPE,
            headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
        )
    linked = export.add_export_links(page, request.url.path, request.query_params.multi_items())
    if linked is not page:
        response.body = linked.encode()
        response.headers["content-length"] = str(len(response.body))
    return response
