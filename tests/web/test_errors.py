"""An unexpected failure on the web (consolidation issue, point 9): the person sees the one-line
Chinese message, and the traceback goes with the request's method and path to the app's
``$BEIZENG_HOME/logs/error.log``, the file the CLI writes too."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from beizeng.http.errors import UNEXPECTED
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
