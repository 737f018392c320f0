"""The error log both entrypoints append to: ``<home>/logs/error.log``.

``docs/architecture.md`` promises that anything unexpected is written there while the user sees a
one-line Chinese message. The CLI's ``report_error`` and the web's 500 handler used to disagree
(the web only told the logger); both now call ``append_error`` (consolidation issue, point 9).
It lives in ``kit`` because ``beizeng.web`` must not import ``beizeng.cli`` nor the other way
round; the home and the time are parameters so that neither reads settings or the clock here
(point 3).
"""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path

LOG_DIR = "logs"
LOG_FILE = "error.log"


def error_log_path(home: Path) -> Path:
    """Where the error log of a beizeng home is."""
    return home / LOG_DIR / LOG_FILE


def append_error(
    home: Path, exc: BaseException, *, at: datetime, context: str | None = None
) -> Path | None:
    """Append ``exc``'s traceback (and ``context``, e.g. ``GET /policies``) to the error log.

    Returns the log's path, or ``None`` when it cannot be written (a read-only or full disk):
    reporting a failure must never fail itself.
    """
    log = error_log_path(home)
    head = f"--- {at.isoformat()}" + (f" {context}" if context else "")
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"{head}\n{text}\n")
    except OSError:
        return None
    return log
