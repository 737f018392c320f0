"""Uploading a no-loan list (无贷户名单): every row checked, current borrowers removed, assigned.

The list comes from the market regulator through the government; an entity already borrowing
in the ledgers is not a first-loan prospect, so it is dropped before any bank sees it.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.config import Settings
from beizeng.errors import DataInvalid, Problem
from beizeng.kit.clock import china_date
from beizeng.kit.periods import Period
from beizeng.kit.tabular import read_table
from beizeng.ledger.scan import LedgerScan
from beizeng.models.outreach import OutreachList
from beizeng.outreach import rules
from beizeng.outreach.assignment import DEFAULT_IDLE_WORKDAYS, assign_waiting
from beizeng.outreach.errors import OutreachInvalid
from beizeng.outreach.repository import OutreachRepository
from beizeng.outreach.schemas import ListReport
from beizeng.privacy.rules import masked_problem


def _borrowers(session: Session, period: Period) -> set[str]:
    scan = LedgerScan(session)
    try:
        ids = scan.loans(periods=[period]).select("borrower_id").distinct().to_pyarrow()
    finally:
        scan.close()
    return set(ids["borrower_id"].to_pylist())


def _read_list(path: Path, today: date, max_bytes: int) -> list[rules.ListedEntity]:
    table = read_table(
        path,
        aliases=rules.aliases(),
        required=rules.REQUIRED,
        max_bytes=max_bytes,
    )
    problems: list[Problem] = []
    entities: list[rules.ListedEntity] = []
    first_row: dict[str, int] = {}
    for row, line in zip(table.rows, table.numbers, strict=True):
        entity, found = rules.check_row(row, file=table.name, line=line, today=today)
        problems.extend(found)
        if entity is None:
            continue
        if entity.identifier in first_row:
            problems.append(
                Problem(
                    table.name,
                    line,
                    rules.HEADERS_ZH["identifier"],
                    entity.identifier,
                    f"与第 {first_row[entity.identifier]} 行重复：同一主体只能列入一次",
                )
            )
            continue
        first_row[entity.identifier] = line
        entities.append(entity)
    if problems:
        # JR/T 0171-2020: a listed person's resident ID or phone is echoed masked; row, column
        # and rule locate the cell in the uploader's own file.
        raise DataInvalid(
            [
                masked_problem(
                    p,
                    identifier_columns=(rules.HEADERS_ZH["identifier"],),
                    phone_columns=(rules.HEADERS_ZH["contact"],),
                )
                for p in problems
            ]
        )
    return entities


def upload_list(
    session: Session,
    *,
    settings: Settings,
    principal: Principal,
    path: Path,
    now: datetime,
    title: str | None = None,
    as_of: Period | None = None,
    idle_workdays: int = DEFAULT_IDLE_WORKDAYS,
) -> ListReport:
    """gov (or pboc) uploads a no-loan list: every row checked (all or nothing), borrowers of the
    ledgers of ``as_of`` (default: the latest accepted period) removed, the rest assigned."""
    authorize(principal, "outreach.upload")
    if not 1 <= idle_workdays <= 60:
        raise OutreachInvalid(f"未对接转派期限「{idle_workdays}」无效：应为 1–60 个工作日。")
    entities = _read_list(path, china_date(now), settings.max_upload_bytes)
    periods = LedgerScan(session).periods()
    period = as_of or (max(periods) if periods else None)
    borrowers = _borrowers(session, period) if period is not None else set()
    kept = [e for e in entities if e.identifier not in borrowers]
    repo = OutreachRepository(session)
    record = OutreachList(
        title=(title or path.stem)[:120],
        source_name=path.name,
        source_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        as_of=str(period) if period else None,
        rows=len(entities),
        removed_borrowers=len(entities) - len(kept),
        idle_workdays=idle_workdays,
        uploaded_by=principal.username,
        uploaded_at=now,
    )
    repo.add(record)
    session.flush()
    repo.insert_entities(
        [
            {
                "list_id": record.id,
                "identifier": e.identifier,
                "name": e.name,
                "kind": e.kind,
                "county_code": e.county_code,
                "grid": e.grid,
                "industry_code": e.industry_code,
                "registered_capital_wan": e.registered_capital_wan,
                "established": e.established,
                "contact": e.contact,
                "closed": False,
            }
            for e in kept
        ]
    )
    run = assign_waiting(session, actor=principal.username, now=now, list_id=record.id)
    return ListReport(
        record.id, len(entities), record.removed_borrowers, len(kept), record.as_of, run
    )
