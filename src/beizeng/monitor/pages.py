"""pboc's monitoring in the web (issue 13 point 4; the CLI stays for scripts): the evaluation of
any period with the active plan, the rankings per target, the county view, the trends, and the
versions of the target plan (upload, choose, download). gov reads the same pages; the documents
(bulletin, workbook, notices) are the reports' pages (``reports/pages.py``). Every figure leads
to its breakdown (issue 14 point 3): a target to every subject's actual, benchmark and margin
(``/monitor/targets/<id>``), a metric for a subject to its composition and rows
(``/monitor/explain``, which a bank may open for its own figures)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Id, Now, allow
from beizeng.http.listing import listing
from beizeng.http.templating import render
from beizeng.kit.periods import Period
from beizeng.kit.text import OptionalLine
from beizeng.monitor import breakdown, lineage, service, views
from beizeng.monitor.errors import PlanTooLarge
from beizeng.monitor.explain_view import explain_view
from beizeng.monitor.explain_workbook import render_explain_workbook
from beizeng.monitor.measured import MEASURE_HELP

router = APIRouter()

PeriodQuery = Annotated[
    str | None, Query(max_length=7, description="评估期（月末）YYYY-MM，默认最近一期")
]
TargetQuery = Annotated[OptionalLine | None, Query(max_length=64, description="目标编号")]
SubjectQuery = Annotated[
    OptionalLine | None, Query(max_length=32, description="主体：全市、县区或机构代码")
]
MonthsQuery = Annotated[int, Query(ge=1, le=views.MAX_TREND_MONTHS, description="月数")]


def _period(text: str | None) -> Period | None:
    return Period.parse(text) if text else None


@router.get("/monitor", response_class=HTMLResponse)
def evaluation(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("monitor.read")],
    period: PeriodQuery = None,
) -> Response:
    page = views.evaluation_page(db, principal=actor, period=_period(period))
    return render(request, "monitor_evaluation.html", page=page, ctx=page.context, tab="evaluate")


@router.get("/monitor/rankings", response_class=HTMLResponse)
def rankings(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("monitor.read")],
    period: PeriodQuery = None,
    target: TargetQuery = None,
) -> Response:
    page = views.rankings_page(db, principal=actor, period=_period(period), target=target or None)
    return render(
        request,
        "monitor_rankings.html",
        page=page,
        ctx=page.context,
        tab="rankings",
        target=target or "",
    )


@router.get("/monitor/counties", response_class=HTMLResponse)
def counties(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("monitor.read")],
    period: PeriodQuery = None,
) -> Response:
    page = views.counties_page(db, principal=actor, period=_period(period))
    return render(request, "monitor_counties.html", page=page, ctx=page.context, tab="counties")


@router.get("/monitor/trends", response_class=HTMLResponse)
def trends(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("monitor.read")],
    period: PeriodQuery = None,
    subject: SubjectQuery = None,
    months: MonthsQuery = 24,
) -> Response:
    page = views.trends_page(
        db, principal=actor, period=_period(period), subject=subject or None, months=months
    )
    return render(request, "monitor_trends.html", page=page, ctx=page.context, tab="trends")


@router.get("/monitor/plans", response_class=HTMLResponse)
def plans(request: Request, db: Db, actor: Annotated[Principal, allow("monitor.read")]) -> Response:
    versions = service.plan_versions(db, principal=actor)
    return render(request, "monitor_plans.html", versions=versions, loaded=None, tab="plans")


@router.post("/monitor/plans", response_class=HTMLResponse)
async def load_plan(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("plan.load")],
    now: Now,
    file: Annotated[UploadFile, File(description="目标计划 TOML 文件（UTF-8，不超过 64 KB）")],
    note: Annotated[OptionalLine, Form(max_length=500)] = "",
) -> Response:
    content = await file.read(service.MAX_PLAN_BYTES + 1)
    if len(content) > service.MAX_PLAN_BYTES:
        raise PlanTooLarge(file.filename or "上传文件", service.MAX_PLAN_BYTES)
    row = service.store_plan(
        db, principal=actor, content=content, source=file.filename, note=note, now=now
    )
    versions = service.plan_versions(db, principal=actor)
    return render(request, "monitor_plans.html", versions=versions, loaded=row, tab="plans")


@router.post("/monitor/plans/{version_id}/choose")
def choose_plan(
    db: Db, actor: Annotated[Principal, allow("plan.load")], now: Now, version_id: Id
) -> Response:
    service.choose_plan(db, principal=actor, version_id=version_id, now=now)
    return RedirectResponse("/monitor/plans", status_code=303)


@router.get("/monitor/plans/{version_id}/download")
def download_plan(
    db: Db, actor: Annotated[Principal, allow("monitor.read")], version_id: Id
) -> Response:
    row = service.plan_version(db, principal=actor, version_id=version_id)
    name = f"plan-v{row.version}.toml"
    return Response(
        row.text.encode("utf-8"),
        media_type="application/toml; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ROW_SORTS = {
    "institution": lambda r: r.row.institution,
    "submission": lambda r: r.row.submission_id,
    "loan": lambda r: r.row.loan_id,
    "borrower": lambda r: r.row.borrower_name,
    "county": lambda r: r.row.county,
    "balance": lambda r: r.row.balance,
}
ROW_FILTERS = {
    "institution": lambda r: r.row.institution,
    "borrower": lambda r: f"{r.row.borrower_name or ''} {r.row.borrower_id or ''}",
    "loan": lambda r: r.row.loan_id,
    "reasons": lambda r: r.row.reasons,
}


@router.get("/monitor/explain", response_class=HTMLResponse)
def explain(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("monitor.explain")],
    period: Annotated[str, Query(min_length=7, max_length=7, description="期间（月末）YYYY-MM")],
    metric: Annotated[str, Query(min_length=1, max_length=64, description="指标代码")],
    subject: Annotated[str, Query(min_length=1, max_length=70, description="主体代码")],
    fmt: Annotated[
        Literal["xlsx"] | None, Query(alias="format", description="xlsx：下载完整工作簿")
    ] = None,
    measure: Annotated[str, Query(min_length=1, max_length=32, description=MEASURE_HELP)] = "value",
) -> Response:
    """A metric for a subject: value, composition, rows (paged, sorted, filtered here); for a
    derived measure (a target's 同比多增 …) also its formula and terms."""
    found = lineage.explain(
        db,
        principal=actor,
        period=Period.parse(period),
        metric=metric,
        subject=subject,
        measure=measure,
    )
    if fmt == "xlsx":
        name = f"explain-{found.metric.slug}-{found.subject.code.replace(':', '-')}-{period}.xlsx"
        return Response(
            render_explain_workbook(found),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    view = explain_view(found)
    rows = listing(
        request, view.rows, sorts=ROW_SORTS, filters=ROW_FILTERS, default_sort="institution"
    )
    return render(request, "monitor_explain.html", view=view, rows=rows)


@router.get("/monitor/targets/{target_id}", response_class=HTMLResponse)
def target(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("monitor.read")],
    target_id: Annotated[str, Path(max_length=64, description="目标编号")],
    period: PeriodQuery = None,
) -> Response:
    """One target for every subject it judges: actual, benchmark, margin, verdict (sortable)."""
    page = breakdown.target_page(db, principal=actor, target_id=target_id, period=_period(period))
    rows = listing(
        request,
        page.rows,
        sorts={
            "subject": lambda r: r.subject.name,
            "actual": lambda r: r.actual.shown.value,
            "benchmark": lambda r: r.benchmark.shown.value,
            "margin": lambda r: r.margin.value,
            "verdict": lambda r: r.verdict,
        },
        filters={"subject": lambda r: r.subject.name},
    )
    return render(
        request, "monitor_target.html", page=page, ctx=page.context, rows=rows, tab="evaluate"
    )
