"""Use cases of the support tool (C-3.2.1): compute a quarter from the stored ledgers, store it.

The statement is reproducible: recomputing from the same current ledger snapshots gives the same
lines, and a new version is stored only when a resubmitted ledger changed the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.institution.rules import BANK_CATEGORIES
from beizeng.institution.service import list_institutions
from beizeng.kit.approval import current_actor
from beizeng.kit.periods import Quarter
from beizeng.models.tools import SupportToolLine, SupportToolStatement
from beizeng.tools import loans
from beizeng.tools.parameter.service import parameter_book
from beizeng.tools.supporttool.errors import LedgersMissing, StatementNotFound
from beizeng.tools.supporttool.repository import SupportToolRepository
from beizeng.tools.supporttool.rules import (
    TOOL,
    SupportLine,
    SupportStatement,
    build_statement,
    quarter_start,
)


@dataclass(frozen=True)
class StoredStatement:
    """A statement as stored, with its version and who made it."""

    statement: SupportStatement
    version: int
    created_at: datetime
    created_by: str
    new: bool


def compute_statement(session: Session, *, quarter: Quarter) -> SupportStatement:
    """The quarter's statement from the current ledgers: each eligible local legal-person bank's
    inclusive small-micro balance at the opening and closing month ends."""
    book = parameter_book(session)
    start = quarter_start(quarter)
    rate = book.decimal(TOOL, "rate", start)
    negative_as_zero = bool(book.get(TOOL, "negative_increase_as_zero", start))
    scope = str(book.get(TOOL, "eligible_legal_scope", start))
    threshold = book.decimal(TOOL, "inclusive_threshold", start)
    banks = [
        b.code
        for b in list_institutions(session, legal_scope=scope)
        if b.category in BANK_CATEGORIES
    ]
    opening, closing = quarter.opening_period, quarter.last_period
    found = loans.inclusive_balances(
        session, periods=[opening, closing], threshold=threshold, institutions=banks
    )
    balances = {}
    missing: list[str] = []
    for code in banks:
        start_balance = found.get((code, str(opening)))
        end_balance = found.get((code, str(closing)))
        if start_balance is None and end_balance is None:
            continue
        if start_balance is None or end_balance is None:
            absent = opening if start_balance is None else closing
            missing.append(f"{code}（缺 {absent}）")
            continue
        balances[code] = (start_balance, end_balance)
    if missing:
        raise LedgersMissing(
            f"{quarter} 支持工具需要季初 {opening} 与季末 {closing} 两期台账，以下机构缺少一期："
            + "、".join(missing)
            + "。请补报后再核算。"
        )
    return build_statement(quarter, balances, rate=rate, negative_as_zero=negative_as_zero)


def _from_rows(row: SupportToolStatement, lines: list[SupportToolLine]) -> SupportStatement:
    return SupportStatement(
        row.quarter,
        row.rate,
        row.negative_as_zero,
        tuple(
            SupportLine(
                line.institution_code, line.opening, line.closing, line.increase, line.amount
            )
            for line in lines
        ),
    )


def _same(a: SupportStatement, b: SupportStatement) -> bool:
    return (a.rate, a.negative_as_zero, a.lines) == (b.rate, b.negative_as_zero, b.lines)


def issue_statement(session: Session, *, quarter: Quarter) -> StoredStatement:
    """Compute the quarter and store it, unless the latest stored version is identical."""
    repo = SupportToolRepository(session)
    computed = compute_statement(session, quarter=quarter)
    latest = repo.latest(str(quarter))
    if latest is not None:
        stored = _from_rows(latest, list(repo.lines(latest.id)))
        if _same(stored, computed):
            return StoredStatement(
                stored, latest.version, latest.created_at, latest.created_by, False
            )
    row = SupportToolStatement(
        quarter=str(quarter),
        version=(latest.version + 1) if latest else 1,
        rate=computed.rate,
        negative_as_zero=computed.negative_as_zero,
        total=computed.total,
        created_by=current_actor(session),
    )
    repo.add(row)
    session.flush()
    for line in computed.lines:
        repo.add(
            SupportToolLine(
                statement_id=row.id,
                institution_code=line.institution,
                opening=line.opening,
                closing=line.closing,
                increase=line.increase,
                amount=line.amount,
            )
        )
    session.flush()
    return StoredStatement(computed, row.version, row.created_at, row.created_by, True)


def stored_statement(session: Session, *, quarter: Quarter) -> StoredStatement:
    """The latest stored statement of the quarter (no recomputation)."""
    repo = SupportToolRepository(session)
    latest = repo.latest(str(quarter))
    if latest is None:
        raise StatementNotFound(str(quarter))
    statement = _from_rows(latest, list(repo.lines(latest.id)))
    return StoredStatement(statement, latest.version, latest.created_at, latest.created_by, False)


def statements_for(session: Session, *, principal: Principal) -> list[SupportStatement]:
    """The latest stored statement of every quarter, with the lines ``principal`` reads (a bank
    its own line, pboc and gov every line: ``tools.scope``)."""
    authorize(principal, "tools.read")
    repo = SupportToolRepository(session)
    latest: dict[str, SupportToolStatement] = {}
    for row in repo.statements():
        latest[row.quarter] = row
    return [
        _from_rows(row, list(repo.lines(row.id, readable_by=principal))) for row in latest.values()
    ]
