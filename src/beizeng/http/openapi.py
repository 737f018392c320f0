"""The OpenAPI of ``/api`` tells the whole truth: every error code and body an operation can
answer, and the action each one performs (hardening, issue 12 point 6).

FastAPI documents only the success and its own validation error (whose body is not ours).
:func:`document_errors` adds, to every ``/api`` operation, the statuses the error handlers
produce (``http.errors``), each with the one :class:`~beizeng.http.errors.ErrorBody`, and
``x-beizeng-action``: the action its guard declares (``http.deps.route_actions``), which is
what ``access.policy`` decides. A bank's developer reads who may call an operation from the
schema; schemathesis checks every answer against it (``tests/web/test_openapi.py``).

``/api/docs`` is served here, not by FastAPI: FastAPI's page starts Swagger UI with an inline
script, which the CSP forbids; this page loads ``static/api-docs.js`` instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute, iter_route_contexts

from beizeng.http.deps import API_PREFIX, route_actions
from beizeng.http.errors import ErrorBody
from beizeng.http.security import SWAGGER_CDN

ERROR_RESPONSES: Mapping[int, str] = {
    400: "请求无法处理",
    401: "未登录，或 API 令牌无效、已过期、已撤销",
    403: "无权执行该操作：角色、机构或令牌权限范围不足，或缺少 CSRF 令牌",
    404: "对象不存在，或当前用户不可见",
    409: "与对象的当前状态冲突（如需求已被受理）",
    422: "提交的内容不符合要求；errors 逐项说明",
    429: "尝试过于频繁，请稍后再试",
    500: "服务器内部错误（已记录）",
    503: "数据库暂不可用",
}
"""The error statuses of every ``/api`` operation, with what each means."""

UPLOAD_RESPONSES: Mapping[int, str] = {413: "上传的内容超过大小限制"}
"""Added to operations that accept a file."""

ACTION_KEY = "x-beizeng-action"
DOCS_PATH = "/api/docs"
_ERROR_REF = {"$ref": "#/components/schemas/ErrorBody"}


def _takes_upload(route: APIRoute) -> bool:
    return any(
        "multipart" in str(getattr(p.field_info, "media_type", ""))
        for p in route.dependant.body_params
    )


def _responses(route: APIRoute) -> dict[int, str]:
    codes = dict(ERROR_RESPONSES)
    if _takes_upload(route):
        codes.update(UPLOAD_RESPONSES)
    return codes


def document_errors(schema: dict[str, Any], app: FastAPI) -> dict[str, Any]:
    """``schema`` with the error responses and the action of each operation of ``app``."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorBody"] = ErrorBody.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        path = context.path_format
        if not isinstance(route, APIRoute) or not route.include_in_schema or path is None:
            continue
        operations = schema.get("paths", {}).get(path, {})
        for method in context.methods or ():
            operation = operations.get(method.lower())
            if operation is None:
                continue
            actions = route_actions(route)
            if len(actions) == 1:
                operation[ACTION_KEY] = actions[0]
            if not path.startswith(API_PREFIX):
                continue
            responses = operation.setdefault("responses", {})
            for status, description in _responses(route).items():
                if status == 422 or str(status) not in responses:
                    responses[str(status)] = {
                        "description": description,
                        "content": {"application/json": {"schema": _ERROR_REF}},
                    }
            operation["responses"] = dict(sorted(responses.items()))
    for unused in ("HTTPValidationError", "ValidationError"):
        if not _referenced(schema, unused):
            components.pop(unused, None)
    return schema


def _referenced(schema: dict[str, Any], name: str) -> bool:
    return f'"#/components/schemas/{name}"' in repr(schema).replace("'", '"')


def install(app: FastAPI) -> None:
    """Replace ``app.openapi`` by the documented schema, and serve the Swagger UI page."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            base = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = document_errors(base, app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented override
    app.add_route(DOCS_PATH, _docs_page(app), include_in_schema=False)


def _docs_page(app: FastAPI) -> Callable[[Request], HTMLResponse]:
    def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        openapi_url = escape(root + (app.openapi_url or "/api/openapi.json"))
        script = escape(root + "/static/api-docs.js")
        dist = f"{SWAGGER_CDN}/npm/swagger-ui-dist@5"
        return HTMLResponse(
            '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(app.title)} · 接口文档</title>\n"
            f'<link rel="stylesheet" href="{dist}/swagger-ui.css">\n</head>\n<body>\n'
            '<div id="swagger-ui"></div>\n'
            f'<script src="{dist}/swagger-ui-bundle.js"></script>\n'
            f'<script src="{script}" data-openapi-url="{openapi_url}"></script>\n'
            "</body>\n</html>\n"
        )

    return docs
