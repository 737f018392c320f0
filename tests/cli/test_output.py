"""The CLI reports an unexpected failure in one Chinese line and appends the traceback to
``$BEIZENG_HOME/logs/error.log`` through the function the web uses too (point 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from beizeng.config import get_settings
from beizeng.console.output import report_error


def test_an_unexpected_error_is_logged_under_the_home_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BEIZENG_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    try:
        try:
            raise KeyError("missing piece")
        except KeyError as exc:
            code = report_error(exc)
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    log = tmp_path / "home" / "logs" / "error.log"
    assert code == 2
    assert "内部错误：KeyError" in err and str(log) in err and "Traceback" not in err
    text = log.read_text(encoding="utf-8")
    assert text.startswith("--- ") and " cli\n" in text.splitlines()[0] + "\n"
    assert "KeyError: 'missing piece'" in text
