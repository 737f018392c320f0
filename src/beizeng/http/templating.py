"""Jinja2 templates with the helpers every page uses (numbers, names, dates, labels, CSRF).

Numbers go through ``kit.numbers`` (Babel zh_CN, issue 14 point 1): the filters return ``Shown``
values, which a template renders bare (the unit stands in the column header) with the exact value
kept for the Excel export; ``|string`` gives the text with its unit for prose. Institutions and
counties go through ``kit.named`` (point 2): the name shown, the code kept for the export.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from beizeng.access.policy import may
from beizeng.access.principal import ROLES
from beizeng.http import export
from beizeng.http.deps import csrf_token
from beizeng.kit import numbers
from beizeng.kit.clock import china_minute
from beizeng.kit.named import Named
from beizeng.reference.identifiers import mask_identifier, mask_phone
from beizeng.reference.regions import luliang_counties

templates = Jinja2Templates(directory=str(resources.files("beizeng.http") / "templates"))


def _when(value: datetime | date | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return china_minute(value)
    return value.isoformat()


def _wan(value: Decimal | int | None) -> numbers.Shown:
    """Yuan in 万元 with two decimals (a table's unit is in its header)."""
    return numbers.money(value)


def _yuan(value: Decimal | int | None) -> numbers.Shown:
    """One application's or loan's exact amount in 元."""
    return numbers.money(value, "元")


def _percent(value: Decimal | float | None) -> numbers.Shown:
    """A fraction as a percentage with two decimals: 0.1083 → 10.83 (%)."""
    return numbers.rate(value)


def _count(value: int | None, unit: str = "户") -> numbers.Shown:
    return numbers.count(value, unit)


def _workdays(value: Decimal | float | None) -> numbers.Shown:
    """A median in working days with one decimal: 2.5 (个工作日)."""
    return numbers.workdays(value)


def _times(value: Decimal | float | None) -> numbers.Shown:
    """A multiple (a guarantee agency's amplification, C-4.4.2) with two decimals, in 倍."""
    if value is None:
        return numbers.missing(unit="倍")
    exact = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return numbers.Shown(numbers.decimal_text(exact, 2), "倍", exact, 2)


COUNTIES = {r.code: r.name for r in luliang_counties()}


def _named(code: str | None, names: Mapping[str, str]) -> Named | str:
    """An institution's code as its registry short name (the code kept for the export)."""
    return "—" if not code else Named(code, names.get(code, code))


def _named_as(code: str | None, name: str | None) -> Named | str:
    """An institution's code with the name its row already carries."""
    return "—" if not code else Named(code, name or code)


def _county(code: str | None) -> Named | str:
    """A county code as the county's name."""
    return "—" if not code else Named(code, COUNTIES.get(code, code))


def _mask_id(value: str | None) -> str:
    """A resident ID (or an id that may be one) masked, a USCC as it is (JR/T 0171-2020)."""
    return "—" if not value else mask_identifier(value)


def _mask_phone(value: str | None) -> str:
    """Every phone number in ``value`` masked: 138****5678 (JR/T 0171-2020)."""
    return "—" if not value else mask_phone(value)


templates.env.filters.update(
    when=_when,
    wan=_wan,
    yuan=_yuan,
    percent=_percent,
    count=_count,
    times=_times,
    workdays=_workdays,
    named=_named,
    named_as=_named_as,
    county=_county,
    mask_id=_mask_id,
    mask_phone=_mask_phone,
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
