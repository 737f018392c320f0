"""An unexpected failure on the web (consolidation issue, point 9): the person sees the one-line
Chinese message, and the traceback goes with the request's method and path to the app's
``$BEIZENG_HOME/logs/error.log``, the file the CLI writes too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from beizeng.http.errors import PYDANTIC_MESSAGES, UNEXPECTED, ErrorBody, describe, validation_body
from beizeng.library import service as library
from tests.web.conftest import Platform


def _broken_search(*args: object, **kwargs: object) -> object:
    raise RuntimeError("a bug deep in the search")


@pytest.fixture
def unsafe(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    """A client that gets the 500 response instead of the re-raised exception."""
    monkeypatch.setattr(library, "search", _broken_search)
    return TestClient(platform.client().app, raise_server_exceptions=False)


def test_a_500_page_is_one_chinese_line_and_the_traceback_is_in_the_homes_error_log(
    unsafe: TestClient, tmp_path: Path
) -> None:
    response = unsafe.get("/policies?q=首贷")
    assert response.status_code == 500
    assert UNEXPECTED in response.text
    assert "Traceback" not in response.text and "a bug deep" not in response.text
    log = (tmp_path / "home" / "logs" / "error.log").read_text(encoding="utf-8")
    head = log.splitlines()[0]
    assert head.startswith("--- 2022-06-06T02:00:00+00:00 GET /policies")  # the app's clock
    assert "Traceback (most recent call last)" in log
    assert "RuntimeError: a bug deep in the search" in log


def test_each_failure_is_appended_not_overwritten(unsafe: TestClient, tmp_path: Path) -> None:
    unsafe.get("/policies")
    unsafe.get("/policies?tag=绿色")
    log = (tmp_path / "home" / "logs" / "error.log").read_text(encoding="utf-8")
    assert log.count("GET /policies") == 2


# --- validation messages (hardening, issue 12 point 6): pure, no fixtures ------------------

_TRANSLATED = [
    ({"type": "missing", "loc": ("body", "purpose")}, "资金用途（purpose）：必须填写"),
    (
        {"type": "greater_than", "loc": ("body", "amount"), "ctx": {"gt": 0}},
        "金额（元）（amount）：应大于 0",
    ),
    (
        {"type": "less_than_equal", "loc": ("query", "page"), "ctx": {"le": 100000}},
        "页码（page）：应不大于 100000",
    ),
    (
        {"type": "string_too_long", "loc": ("body", "note"), "ctx": {"max_length": 2000}},
        "说明（note）：最多 2000 个字符",
    ),
    (
        {
            "type": "too_long",
            "loc": ("body", "sizes"),
            "ctx": {"field_type": "List", "max_length": 4},
        },
        "企业规模（sizes）：最多 4 项",
    ),
    (
        {
            "type": "too_long",
            "loc": ("body", "text"),
            "ctx": {"field_type": "Value", "max_length": 9},
        },
        "正文（text）：最多 9 个字符",
    ),
    (
        {"type": "json_invalid", "loc": ("body", 1), "ctx": {"error": "Expecting value"}},
        "请求内容：请求体不是合法的 JSON",
    ),
    (
        {"type": "int_parsing", "loc": ("body", "term_months")},
        "期限（月）（term_months）：应为整数",
    ),
    (
        {"type": "decimal_parsing", "loc": ("body", "amount_wan")},
        "金额（万元）（amount_wan）：应为数字（如 12.50）",
    ),
    (
        {"type": "decimal_max_places", "loc": ("body", "rate"), "ctx": {"decimal_places": 6}},
        "年利率（rate）：小数最多 6 位",
    ),
    (
        {"type": "datetime_parsing", "loc": ("query", "at")},
        "查询时刻（at）：应为日期时间（如 2022-06-06T10:00:00+08:00）",
    ),
    (
        {"type": "enum", "loc": ("body", "kind"), "ctx": {"expected": "'a' or 'b'"}},
        "类型（kind）：应为以下之一：a、b",
    ),
    (
        {
            "type": "literal_error",
            "loc": ("body", "scope"),
            "ctx": {"expected": "'open' or 'mine'"},
        },
        "范围（scope）：应为以下之一：open、mine",
    ),
    (
        {
            "type": "value_error",
            "loc": ("body", "purpose"),
            "ctx": {"error": ValueError("不能只有空格")},
        },
        "资金用途（purpose）：不能只有空格",
    ),
    ({"type": "string_type", "loc": ("body", "sizes", 2)}, "企业规模（sizes）第 3 项：应为文本"),
    ({"type": "url_too_long", "loc": ("body", "homepage")}, "homepage：填写的值不符合要求"),
]


@pytest.mark.parametrize(("error", "expected"), _TRANSLATED, ids=lambda v: str(v)[:40])
def test_each_pydantic_error_reads_in_chinese_and_names_the_field(
    error: dict[str, object], expected: str
) -> None:
    assert describe(error) == expected


def test_every_known_error_type_has_a_chinese_message() -> None:
    """No message template is English, and a broken template falls back to Chinese."""
    for kind in PYDANTIC_MESSAGES:
        line = describe({"type": kind, "loc": ("body", "x"), "ctx": {}})
        assert re.search(r"[\u4e00-\u9fff]", line), kind
        words = set(re.findall(r"[A-Za-z]{4,}", line)) - {"JSON", "true", "false", "UUID"}
        assert not words, (kind, line)


def test_a_422_body_is_the_one_error_model() -> None:
    body = validation_body([{"type": "missing", "loc": ("body", "purpose")}])
    assert body == ErrorBody(
        detail="提交的内容不符合要求：资金用途（purpose）：必须填写",
        errors=["资金用途（purpose）：必须填写"],
    )
