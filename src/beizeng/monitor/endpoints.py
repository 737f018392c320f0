"""JSON API of monitoring: ``GET /api/monitor/explain`` (issue 14 point 3), the explain page's
twin for a bank's system (token scope ``ledgers:read``; a bank only its own figures) and for
supervisors' sessions. Same query and same service as the page and ``beizeng monitor explain``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, allow
from beizeng.kit.periods import Period
from beizeng.monitor import lineage
from beizeng.monitor.explain_out import ExplainOut, explanation_out
from beizeng.monitor.measured import MEASURE_HELP

router = APIRouter(tags=["监测评价"])

PeriodParam = Annotated[str, Query(min_length=7, max_length=7, description="期间（月末）YYYY-MM")]
MetricParam = Annotated[str, Query(min_length=1, max_length=64, description="指标代码")]
SubjectParam = Annotated[
    str,
    Query(
        min_length=1,
        max_length=70,
        description="主体：141100（全市）、县区代码、机构代码、national/local 或 机构代码:县区代码",
    ),
]
MeasureParam = Annotated[str, Query(min_length=1, max_length=32, description=MEASURE_HELP)]


@router.get(
    "/monitor/explain",
    response_model=ExplainOut,
    summary="指标溯源：数值、构成与计入的台账明细",
    description=(
        "某一主体某期指标的数值（与监测评估完全一致）、构成（分县、分机构、分借款人类型、"
        "分普惠小微口径，含占比）及计入的每一行：机构、报送记录编号与版本、借据编号、"
        "借款人证件号码（居民身份证号码脱敏）、余额（元，两位小数的字符串）与计入原因。"
        "余额类指标各行余额之和等于数值；户数类指标每户一行，行数等于数值。"
        "银行只能查询本机构及其各县分支机构（机构代码:县区代码）。"
    ),
)
def explain(
    db: Db,
    actor: Annotated[Principal, allow("monitor.explain")],
    period: PeriodParam,
    metric: MetricParam,
    subject: SubjectParam,
    measure: MeasureParam = "value",
) -> ExplainOut:
    found = lineage.explain(
        db,
        principal=actor,
        period=Period.parse(period),
        metric=metric,
        subject=subject,
        measure=measure,
    )
    return explanation_out(found)
