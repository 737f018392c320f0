"""Error handlers: JSON for ``/api``, a Chinese error page for HTML; never a stack trace.

Expected failures (``BeizengError``) keep their status (4xx); a page that needs a signed-in user
redirects to the sign-in page; anything unexpected is appended, with the request's method and
path, to ``$BEIZENG_HOME/logs/error.log`` (the file the CLI writes, ``kit.errorlog``) and shown as
a one-line Chinese 500 message (consolidation issue, point 9).
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from beizeng.access.errors import NotSignedIn
from beizeng.config import Settings
from beizeng.errors import BeizengError
from beizeng.http.templating import render
from beizeng.kit.clock import Clock
from beizeng.kit.errorlog import append_error

log = logging.getLogger("beizeng.web")

UNEXPECTED = "服务器内部错误，已记录，请联系管理员。"

_HTTP_MESSAGES = {
    404: "页面不存在。",
    405: "不支持该请求方式。",
    401: "请先登录。",
    403: "无权访问。",
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _respond(request: Request, status: int, message: str, *, sign_in: bool = False) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status)
    if sign_in:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    return render(request, "error.html", status_code=status, message=message, status=status)


def _field(loc: tuple[object, ...]) -> str:
    return ".".join(str(p) for p in loc if p not in ("body", "query", "path", "form"))


def install(app: FastAPI) -> None:
    @app.exception_handler(BeizengError)
    async def beizeng_error(request: Request, exc: BeizengError) -> Response:
        return _respond(request, exc.status, exc.message, sign_in=isinstance(exc, NotSignedIn))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            f"字段「{_field(tuple(e.get('loc', ())))}」：{e.get('msg', '')}" for e in exc.errors()
        ]
        message = "提交的内容不符合要求：" + "；".join(problems[:10])
        if _is_api(request):
            return JSONResponse({"detail": message, "errors": problems}, status_code=422)
        return _respond(request, 422, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = _HTTP_MESSAGES.get(exc.status_code, "请求无法处理。")
        return _respond(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        where = f"{request.method} {request.url.path}"
        log.error("unexpected error on %s", where, exc_info=exc)
        settings: Settings = request.app.state.settings
        clock: Clock = request.app.state.clock
        written = await run_in_threadpool(
            append_error, settings.resolved_home, exc, at=clock.now(), context=where
        )
        if written is None:
            log.error("could not append to the error log under %s", settings.resolved_home)
        return _respond(request, 500, UNEXPECTED)
