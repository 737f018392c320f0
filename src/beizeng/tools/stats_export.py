"""Tool balances in the institution-statistics long contract (DESIGN: institution statistics):
``period,institution_code,metric,value`` rows for ``relending_balance`` and
``rediscount_balance``, written as a CSV that goes through ``beizeng stats import``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.kit.files import write_output
from beizeng.kit.money import yuan_str
from beizeng.kit.periods import Period
from beizeng.stats.rules import STATS_COLUMNS
from beizeng.tools.rediscount.service import rediscount_balance_by_bank
from beizeng.tools.relending.service import relending_balance_by_bank


def monitoring_rows(session: Session, *, period: Period) -> list[tuple[str, str, str, str]]:
    """One row per bank and metric with a balance at the period's month end."""
    rows: list[tuple[str, str, str, str]] = []
    for metric, balances in (
        ("relending_balance", relending_balance_by_bank(session, period)),
        ("rediscount_balance", rediscount_balance_by_bank(session, period)),
    ):
        rows += [(str(period), code, metric, yuan_str(value)) for code, value in balances.items()]
    return rows


def write_stats_csv(session: Session, *, period: Period, path: Path) -> int:
    """Write the rows to ``path`` (UTF-8); returns how many rows were written."""
    rows = monitoring_rows(session, period=period)
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(STATS_COLUMNS)
    writer.writerows(rows)
    write_output(path, text.getvalue())
    return len(rows)
