"""Use cases of institution statistics: the import of ``period,institution_code,metric,value``.

What is not loan-level (deposits, relending balances, premium income …). Small files, read with
the shared tabular reader; every row is checked and any error stores nothing. Re-importing a
value for the same period, institution and metric supersedes the current one, which is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Row
from sqlalchemy.orm import Session

from beizeng.config import Settings
from beizeng.errors import DataInvalid, Problem
from beizeng.institution.service import institutions_by_codes, require_institution
from beizeng.kit.periods import Period, PeriodInvalid
from beizeng.kit.tabular import read_table
from beizeng.models.ledger import CURRENT, SUPERSEDED, InstitutionStat, StatsSubmission
from beizeng.stats import rules
from beizeng.stats.repository import StatsRepository
from beizeng.stats.schemas import StatsReport, StatsSubmissionRead, StatsSubmitted

ALIASES = {name: name for name in rules.STATS_COLUMNS} | rules.STATS_HEADERS


def import_stats(
    session: Session,
    *,
    path: Path,
    settings: Settings,
    actor: str | None = None,
    institution_code: str | None = None,
    period: Period | None = None,
) -> StatsReport:
    """Load a statistics file; all rows or nothing (``DataInvalid`` lists every problem).

    A submission through the platform (C-4.5.1) names its institution and period: with
    ``institution_code`` the rows' institution column is optional and ignored (the submitter's
    own code wins); with ``period`` the period column is optional and a row of another period is
    refused.
    """
    required = tuple(
        c
        for c in rules.STATS_COLUMNS
        if not (c == "institution_code" and institution_code)
        and not (c == "period" and period is not None)
    )
    table = read_table(
        path, aliases=ALIASES, required=required, max_bytes=settings.max_upload_bytes
    )
    rows = table.rows
    if institution_code:
        require_institution(session, institution_code)
        rows = [{**row, "institution_code": institution_code} for row in rows]
    institutions = institutions_by_codes(
        session, sorted({row.get("institution_code", "") for row in rows})
    )
    problems: list[Problem] = []
    warnings: list[Problem] = []
    parsed: dict[tuple[str, int, str], tuple[Decimal, int]] = {}

    def bad(row: int, column: str, value: str, rule: str) -> None:
        problems.append(Problem(table.name, row, column, value, rule))

    for number, row in zip(table.numbers, rows, strict=True):
        period_text, code = (
            row.get("period", "") or str(period or ""),
            row.get("institution_code", ""),
        )
        metric_text, value_text = row.get("metric", ""), row.get("value", "")
        for column in rules.STATS_COLUMNS:
            if not (row.get(column) or (column == "period" and period_text)):
                bad(number, column, "", "必填项为空")
        row_period: Period | None = None
        if period_text:
            try:
                row_period = Period.parse(period_text)
            except PeriodInvalid as exc:
                bad(number, "period", period_text, exc.message)
        if row_period is not None and period is not None and row_period != period:
            bad(number, "period", period_text, f"与报送期 {period} 不一致：一个文件只报送一个期间")
            row_period = None
        institution = institutions.get(code)
        if code and institution is None:
            bad(number, "institution_code", code, "机构代码不在机构名录中")
        metric = rules.metric_key(metric_text) if metric_text else None
        if metric_text and metric is None:
            bad(number, "metric", metric_text, "指标代码应为小写字母、数字和下划线，如 deposits")
        elif metric and metric not in rules.KNOWN_METRICS:
            warnings.append(
                Problem(
                    table.name, number, "metric", metric, "不是已知指标，已按新指标保存", "warning"
                )
            )
        if value_text and (rule := rules.value_rule(value_text)):
            bad(number, "value", value_text, rule)
        if (
            row_period
            and institution
            and metric
            and value_text
            and not rules.value_rule(value_text)
        ):
            key = (str(row_period), institution.id, metric)
            if key in parsed:
                bad(
                    number,
                    "metric",
                    metric,
                    f"同一期间、机构、指标重复：与第 {parsed[key][1]} 行相同",
                )
            parsed[key] = (Decimal(value_text), number)
    if problems:
        raise DataInvalid(problems)
    repo = StatsRepository(session)
    current = repo.current_for(list(parsed))
    created = superseded = unchanged = 0
    who = actor or str(session.info.get("actor", "system"))
    for (period_text, institution_id, metric), (value, _number) in parsed.items():
        old = current.get((period_text, institution_id, metric))
        if old is not None and old.value == value:
            unchanged += 1
            continue
        stat = InstitutionStat(
            period=period_text,
            institution_id=institution_id,
            metric=metric,
            value=value,
            source_name=path.name,
            actor=who,
            status=CURRENT,
        )
        repo.add(stat)
        if old is not None:
            session.flush()
            old.status = SUPERSEDED
            old.superseded_by_id = stat.id
            superseded += 1
        created += 1
    session.flush()
    return StatsReport(table.name, created, superseded, unchanged, warnings)


def current_stats(
    session: Session, *, periods: Sequence[str] | None = None, metrics: Sequence[str] | None = None
) -> Sequence[Row[InstitutionStat, str]]:
    """Current values with their institution's code, in period, code and metric order."""
    return StatsRepository(session).current(periods=periods, metrics=metrics)


def submit_stats(
    session: Session,
    *,
    path: Path,
    institution_code: str,
    period: Period,
    settings: Settings,
    now: datetime,
    actor: str,
    reason: str | None = None,
) -> StatsSubmitted:
    """One institution's statistics for one period (C-4.5.1): the values are imported with the
    institution and period forced, and the file is recorded as a version superseding the
    current one (which stays in the history)."""
    report = import_stats(
        session,
        path=path,
        settings=settings,
        actor=actor,
        institution_code=institution_code,
        period=period,
    )
    institution = require_institution(session, institution_code)
    repo = StatsRepository(session)
    previous = repo.current_submission(institution.id, str(period))
    record = StatsSubmission(
        institution_id=institution.id,
        period=str(period),
        rows=report.created + report.unchanged,
        source_name=path.name,
        actor=actor,
        created_at=now,
        status=CURRENT,
        supersedes_id=previous.id if previous else None,
        reason=reason,
    )
    repo.add_submission(record)
    if previous is not None:
        previous.status = SUPERSEDED
    session.flush()
    return StatsSubmitted(_read(record, institution.code, institution.name), report)


def _read(row: StatsSubmission, code: str, name: str) -> StatsSubmissionRead:
    return StatsSubmissionRead(
        id=row.id,
        institution_code=code,
        institution_name=name,
        period=row.period,
        rows=row.rows,
        status=row.status,
        supersedes_id=row.supersedes_id,
        source_name=row.source_name,
        actor=row.actor,
        created_at=row.created_at,
        reason=row.reason,
    )


def submission_history(
    session: Session, *, institution_code: str | None = None, period: Period | None = None
) -> list[StatsSubmissionRead]:
    """Every statistics version (current and superseded), newest first."""
    rows = StatsRepository(session).submissions(
        institution_code=institution_code, period=str(period) if period else None
    )
    return [_read(sub, code, name) for sub, code, name in rows]
