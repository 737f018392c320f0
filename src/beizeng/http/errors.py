"""Error handlers: JSON for ``/api``, a Chinese error page for HTML; never a stack trace.

Expected failures (``BeizengError``) keep their status (4xx); a page that needs a signed-in user
redirects to the sign-in page; anything unexpected is appended, with the request's method and
path, to ``$BEIZENG_HOME/logs/error.log`` (the file the CLI writes, ``kit.errorlog``) and shown as
a one-line Chinese 500 message (consolidation issue, point 9).

Every JSON error has one shape, :class:`ErrorBody` (the OpenAPI documents it on each ``/api``
operation): ``detail`` is the Chinese message; a 422 adds ``errors``, one Chinese line per
broken field. pydantic's English messages never reach a person: :func:`describe` translates
each error type and names the field (hardening, issue 12 point 6).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from beizeng.access.errors import NotSignedIn
from beizeng.config import Settings
from beizeng.errors import BeizengError
from beizeng.http import security
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
    413: "上传的内容过大。",
}


class ErrorBody(BaseModel):
    """The body of every JSON error of ``/api``."""

    detail: str = Field(description="错误说明（中文，可直接展示给用户）")
    errors: list[str] | None = Field(
        default=None, description="仅 422：逐项说明不符合要求的字段，每项一行"
    )


FIELD_LABELS: Mapping[str, str] = {
    "amount": "金额（元）",
    "amount_wan": "金额（万元）",
    "rate": "年利率",
    "rate_percent": "年利率（%）",
    "term_months": "期限（月）",
    "purpose": "资金用途",
    "guarantee_offered": "担保方式",
    "county_code": "县区代码",
    "product_id": "产品编号",
    "institution_code": "机构代码",
    "reason": "原因",
    "note": "说明",
    "body": "内容",
    "loan_id": "借据号",
    "name": "名称",
    "kind": "类型",
    "title": "标题",
    "issuer": "发文机关",
    "issued_on": "发文日期",
    "text": "正文",
    "number": "文号",
    "date": "日期",
    "page": "页码",
    "per_page": "每页条数",
    "at": "查询时刻",
    "period": "期间",
    "status": "状态",
    "scope": "范围",
    "file": "上传文件",
    "username": "用户名",
    "password": "密码",
    "uscc": "统一社会信用代码",
    "legal_person": "法定代表人",
    "contact_phone": "联系电话",
    "industry_code": "行业代码",
    "min_amount": "金额下限（元）",
    "max_amount": "金额上限（元）",
    "min_amount_wan": "金额下限（万元）",
    "max_amount_wan": "金额上限（万元）",
    "rate_min": "年利率下限",
    "rate_max": "年利率上限",
    "rate_min_percent": "年利率下限（%）",
    "rate_max_percent": "年利率上限（%）",
    "min_term_months": "最短期限（月）",
    "max_term_months": "最长期限（月）",
    "reply_days": "承诺回复时间（工作日）",
    "documents": "所需资料",
    "process": "办理流程",
    "description": "产品说明",
    "entity_kinds": "适用主体",
    "sizes": "企业规模",
    "industries": "行业门类",
    "counties": "县区",
    "guarantee_types": "担保方式",
    "employees": "从业人员",
    "revenue_wan": "营业收入（万元）",
    "assets_wan": "资产总额（万元）",
    "held_on": "活动日期",
    "signed_on": "签约日期",
    "venue": "地点",
    "capacity": "承接能力",
    "idle_workdays": "闲置工作日",
    "k": "返回条数",
}
"""Chinese names of the fields people fill in; an unknown field shows its own name."""

_SOURCES = frozenset({"body", "query", "path", "form", "header", "cookie"})


def field_name(loc: Sequence[object]) -> str:
    """``("body", "sizes", 2)`` → ``企业规模（sizes）第 3 项``: the Chinese label and the name.

    The location's source (body, query …) is dropped; list positions read 第 n 项; the last
    named part is labelled (``金额（元）amount``), so both a person and a bank's programmer
    recognise the field.
    """
    parts = [p for p in loc if not (isinstance(p, str) and p in _SOURCES)]
    names = [p for p in parts if isinstance(p, str)]
    if not names:
        return "请求内容"
    path = ".".join(names)
    label = FIELD_LABELS.get(names[-1])
    shown = f"{label}（{path}）" if label else path
    positions = [f"第 {p + 1} 项" for p in parts if isinstance(p, int)]
    return shown + ("".join(positions) if positions else "")


def _choices(expected: object) -> str:
    return str(expected).replace(" or ", "、").replace("'", "")


PYDANTIC_MESSAGES: Mapping[str, str] = {
    "missing": "必须填写",
    "missing_argument": "必须填写",
    "extra_forbidden": "不是可接受的字段",
    "json_invalid": "请求体不是合法的 JSON",
    "json_type": "应为 JSON 文本",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "multiple_of": "应为 {multiple_of} 的整数倍",
    "finite_number": "应为有限的数字",
    "too_short": "至少 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "string_type": "应为文本",
    "string_unicode": "应为有效的 UTF-8 文本",
    "string_too_short": "至少 {min_length} 个字符",
    "string_too_long": "最多 {max_length} 个字符",
    "string_pattern_mismatch": "格式不符合要求",
    "string_not_ascii": "只能包含英文字母、数字和符号",
    "bytes_too_long": "最多 {max_length} 字节",
    "bytes_too_short": "至少 {min_length} 字节",
    "enum": "应为以下之一：{expected}",
    "literal_error": "应为以下之一：{expected}",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数，不能带小数",
    "int_parsing_size": "数字过大",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "decimal_type": "应为数字（如 12.50）",
    "decimal_parsing": "应为数字（如 12.50）",
    "decimal_max_digits": "最多 {max_digits} 位数字",
    "decimal_max_places": "小数最多 {decimal_places} 位",
    "decimal_whole_digits": "整数部分最多 {whole_digits} 位",
    "date_type": "应为日期（如 2022-06-06）",
    "date_parsing": "应为日期（如 2022-06-06）",
    "date_from_datetime_parsing": "应为日期（如 2022-06-06）",
    "date_from_datetime_inexact": "应为日期，不含时刻",
    "datetime_type": "应为日期时间（如 2022-06-06T10:00:00+08:00）",
    "datetime_parsing": "应为日期时间（如 2022-06-06T10:00:00+08:00）",
    "datetime_from_date_parsing": "应为日期时间（如 2022-06-06T10:00:00+08:00）",
    "datetime_object_invalid": "不是有效的日期时间",
    "timezone_aware": "须注明时区（如 +08:00）",
    "timezone_naive": "不能带时区",
    "time_parsing": "应为时刻（如 10:00）",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "set_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "uuid_parsing": "应为 UUID",
    "url_parsing": "应为网址",
    "none_required": "应为空",
}


_COLLECTIONS = frozenset({"List", "Tuple", "Set", "Frozenset", "Dict", "Dictionary"})


def describe(error: Mapping[str, Any]) -> str:
    """One Chinese line for one pydantic error: the field, then what it should be."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    where = field_name(tuple(error.get("loc", ())))
    if kind in ("value_error", "assertion_error"):
        # Our own validators raise ValueError with a Chinese message; show it as is.
        cause = ctx.get("error")
        return f"{where}：{cause}" if cause else f"{where}：不符合要求"
    template = PYDANTIC_MESSAGES.get(kind)
    if kind in ("too_short", "too_long") and ctx.get("field_type") not in _COLLECTIONS:
        # A length constraint applied after a validator (``kit.text``) reports a "Value".
        template = PYDANTIC_MESSAGES["string_" + kind]
    if template is None:
        return f"{where}：填写的值不符合要求"
    values = {k: _choices(v) if k == "expected" else v for k, v in ctx.items()}
    try:
        return f"{where}：{template.format(**values)}"
    except (KeyError, IndexError, ValueError):
        return f"{where}：{template.split('{')[0].rstrip('：')}不符合要求"


def validation_body(errors: Sequence[Mapping[str, Any]]) -> ErrorBody:
    """The 422 body: every broken field on one line, the first ten in ``detail``."""
    problems = [describe(e) for e in errors]
    return ErrorBody(detail="提交的内容不符合要求：" + "；".join(problems[:10]), errors=problems)


def form_limit_message(exc: StarletteHTTPException) -> str | None:
    """The Chinese message of a form Starlette refused to parse for its size, else None.

    Starlette answers a multipart form over its limits (a text field over 1 MB, more than 1000
    fields or files) with a 400 carrying an English detail; it is a too-large request (413).
    """
    detail = exc.detail if exc.status_code == 400 and isinstance(exc.detail, str) else ""
    if "maximum size" in detail:
        return "表单中的文字内容超过 1 MB 上限，请缩短后重试（大段材料请作为附件上传）。"
    if detail.startswith(("Too many fields", "Too many files")):
        return "表单中的字段或文件过多（每次最多 1000 个），请分批提交。"
    return None


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _respond(request: Request, status: int, message: str, *, sign_in: bool = False) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status)
    if sign_in:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    return render(request, "error.html", status_code=status, message=message, status=status)


def _invalid(request: Request, errors: Sequence[Mapping[str, Any]]) -> Response:
    body = validation_body(errors)
    if _is_api(request):
        return JSONResponse(body.model_dump(), status_code=422)
    return _respond(request, 422, body.detail)


def install(app: FastAPI) -> None:
    @app.exception_handler(BeizengError)
    async def beizeng_error(request: Request, exc: BeizengError) -> Response:
        return _respond(request, exc.status, exc.message, sign_in=isinstance(exc, NotSignedIn))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return _invalid(request, exc.errors())

    @app.exception_handler(ValidationError)
    async def invalid_conversion(request: Request, exc: ValidationError) -> Response:
        # A form converted to the API's model inside a route (万元 → 元) that the form's own
        # bounds let through: still the person's input, so a 422, never a 500.
        return _invalid(request, exc.errors())

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        form_limit = form_limit_message(exc)
        if form_limit is not None:
            return _respond(request, 413, form_limit)
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
        response = _respond(request, 500, UNEXPECTED)
        # Sent by Starlette's outermost middleware, above SecurityHeaders: add them here.
        security.apply(response.headers, request.url.path)
        return response
