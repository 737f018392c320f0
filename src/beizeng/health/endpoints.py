"""``/healthz`` and ``/readyz``: probes for the reverse proxy, systemd and monitoring.

Neither needs a sign-in nor lives under ``/api``: a probe must work before anyone can sign in
and whatever the state of the accounts. Neither response may be cached.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from beizeng.health import service
from beizeng.health.schemas import HealthRead, ReadinessRead
from beizeng.http.deps import Now, allow_anyone
from beizeng.kit.clock import china_date

router = APIRouter(tags=["运维"], dependencies=[allow_anyone("health.probe")])

_NO_STORE = {"Cache-Control": "no-store"}


@router.get("/healthz", response_model=HealthRead, summary="存活检查")
async def healthz(response: Response) -> HealthRead:
    """进程在运行即返回 200；不访问数据库与文件，适合判断是否需要重启进程。"""
    response.headers.update(_NO_STORE)
    return HealthRead()


@router.get(
    "/readyz",
    response_model=ReadinessRead,
    summary="就绪检查",
    responses={503: {"model": ReadinessRead, "description": "有检查项未通过，暂不能正常提供服务"}},
)
def readyz(request: Request, response: Response, now: Now) -> ReadinessRead:
    """数据库可连接、数据库结构为最新、台账文件可读、节假日安排覆盖今后 30 天时返回 200，否则 503。"""
    checks = service.run_checks(
        request.app.state.engine, settings=request.app.state.settings, today=china_date(now)
    )
    body = ReadinessRead.of(checks)
    response.status_code = 200 if body.status == "ready" else 503
    response.headers.update(_NO_STORE)
    return body
