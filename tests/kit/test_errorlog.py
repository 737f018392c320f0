"""The one error log of both entrypoints (consolidation issue, point 9)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from beizeng.kit.errorlog import append_error, error_log_path

AT = datetime(2022, 7, 4, 2, 0, tzinfo=UTC)


def _failure() -> ValueError:
    try:
        raise ValueError("boom in the service")
    except ValueError as exc:
        return exc


def test_the_traceback_is_appended_under_the_given_home_with_time_and_context(
    tmp_path: Path,
) -> None:
    log = append_error(tmp_path, _failure(), at=AT, context="GET /policies")
    assert log == error_log_path(tmp_path) == tmp_path / "logs" / "error.log"
    append_error(tmp_path, _failure(), at=AT)
    text = log.read_text(encoding="utf-8")
    assert text.startswith("--- 2022-07-04T02:00:00+00:00 GET /policies\nTraceback")
    assert text.count("ValueError: boom in the service") == 2
    assert "in _failure" in text  # the frames, not only the message


def test_an_unwritable_home_is_reported_as_none_not_raised(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("a file where the home's folder should be")
    assert append_error(home, _failure(), at=AT) is None
