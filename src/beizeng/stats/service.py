"""Use cases of institution statistics: the import of ``period,institution_code,metric,value``.

What is not loan-level (deposits, relending balances, premium income …). Small files, read with
the shared tabular reader; every row is checked and any error stores nothing. Re-importing a
value for the same period, institution and metric supersedes the current one, which is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Row
from sqlalchemy.orm import Session

from beizeng.config import Settings
from beizeng.errors import DataInvalid, Problem
from beizeng.institution.service import institutions_by_codes
from beizeng.kit.periods import Period, PeriodInvalid
from beizeng.kit.tabular import read_table
from beizeng.models.ledger import CURRENT, SUPERSEDED, InstitutionStat
from beizeng.stats import rules
from beizeng.stats.repository import StatsRepository
from beizeng.stats.schemas import StatsReport

ALIASES = {name: name for name in rules.STATS_COLUMNS} | rules.STATS_HEADERS


def import_stats(
    session: Session, *, path: Path, settings: Settings, actor: str | None = None
) -> StatsReport:
    """Load a statistics file; all rows or nothing (``DataInvalid`` lists every problem)."""
    table = read_table(
        path,
        aliases=ALIASES,
        required=rules.STATS_COLUMNS,
        max_bytes=settings.max_upload_bytes,
    )
    institutions = institutions_by_codes(
        session, sorted({row.get("institution_code", "") for row in table.rows})
    )
    problems: list[Problem] = []
    warnings: list[Problem] = []
    parsed: dict[tuple[str, int, str], tuple[Decimal, int]] = {}

    def bad(row: int, column: str, value: str, rule: str) -> None:
        problems.append(Problem(table.name, row, column, value, rule))

    for number, row in zip(table.numbers, table.rows, strict=True):
        period_text, code = row.get("period", ""), row.get("institution_code", "")
        metric_text, value_text = row.get("metric", ""), row.get("value", "")
        for column in rules.STATS_COLUMNS:
            if not row.get(column):
                bad(number, column, "", "必填项为空")
        period: Period | None = None
        if period_text:
            try:
                period = Period.parse(period_text)
            except PeriodInvalid as exc:
                bad(number, "period", period_text, exc.message)
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
        if period and institution and metric and value_text and not rules.value_rule(value_text):
            key = (str(period), institution.id, metric)
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
