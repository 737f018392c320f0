"""The dashboard page: one URL, the board of the viewer's role (the service decides the scope),
and each of its charts as a PNG download."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from beizeng.access.principal import Principal
from beizeng.dashboard import service
from beizeng.http.deps import Db, Now, allow
from beizeng.http.templating import render
from beizeng.monitor.metrics import get_metric
from beizeng.monitor.views import header
from beizeng.outreach.rules import STAGES

router = APIRouter()
METRIC_NAMES = {slug: get_metric(slug).name for slug in service.CHART_METRICS}
METRIC_HEADERS = {
    slug: header(get_metric(slug).name, get_metric(slug).unit) for slug in service.CHART_METRICS
}

ChartName = Annotated[
    str,
    Path(max_length=64, pattern=r"^[a-z0-9_-]+$", description="图表名，如 targets、groups-loans"),
]


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("dashboard.read")],
    now: Now,
    metric: str = "loans",
) -> Response:
    if actor.role == "enterprise":
        board = service.enterprise_board(db, principal=actor, now=now)
        return render(request, "dashboard_enterprise.html", board=board)
    if actor.is_bank:
        view = service.bank_board(db, principal=actor, now=now)
    else:
        view = service.supervisor_board(db, principal=actor, now=now, map_metric=metric)
    return render(
        request,
        "dashboard.html",
        board=view,
        METRIC_NAMES=METRIC_NAMES,
        METRIC_HEADERS=METRIC_HEADERS,
        STAGES=STAGES,
    )


@router.get("/dashboard/charts/{chart}.png")
def chart_png(
    db: Db,
    actor: Annotated[Principal, allow("dashboard.read")],
    now: Now,
    chart: ChartName,
) -> Response:
    png = service.chart_png(db, principal=actor, now=now, chart=chart)
    return Response(
        png,
        media_type="image/png",
        headers={"Content-Disposition": f'attachment; filename="{chart}.png"'},
    )
