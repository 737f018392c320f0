"""Use cases of the support tool (C-3.2.1): compute a quarter from the stored ledgers, store it.

The statement is reproducible: recomputing from the same current ledger snapshots gives the same
lines, and a new version is stored only when a resubmitted ledger changed the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.institution.rules import BANK_CATEGORIES
from beizeng.institution.service import list_institutions
from beizeng.kit.approval import current_actor
from beizeng.kit.periods import Quarter
from beizeng.models.tools import SupportToolConfirmation, SupportToolLine, SupportToolStatement
from beizeng.tools import loans
from beizeng.tools.parameter.service import parameter_book
from beizeng.tools.supporttool.errors import (
    AlreadyConfirmed,
    LedgersMissing,
    NoLineToConfirm,
    StatementNotFound,
)
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


@dataclass(frozen=True)
class ConfirmableLine:
    """A bank's line of the latest statement of a quarter, with its confirmation (C-3.2.1: each
    local bank sees its quarterly incentive and confirms it)."""

    quarter: str
    version: int
    rate: Decimal
    line: SupportLine
    confirmed_by: str | None
    confirmed_at: datetime | None


def lines_for(session: Session, *, principal: Principal) -> list[ConfirmableLine]:
    """Every line of the latest statement of each quarter that ``principal`` reads, with who
    confirmed it (a bank: its own lines; pboc and gov: every bank's, to follow confirmations)."""
    authorize(principal, "tools.read")
    repo = SupportToolRepository(session)
    latest: dict[str, SupportToolStatement] = {}
    for row in repo.statements():
        latest[row.quarter] = row
    out: list[ConfirmableLine] = []
    for row in latest.values():
        confirmed = repo.confirmations(row.id)
        for line in repo.lines(row.id, readable_by=principal):
            c = confirmed.get(line.institution_code)
            out.append(
                ConfirmableLine(
                    row.quarter,
                    row.version,
                    row.rate,
                    SupportLine(
                        line.institution_code,
                        line.opening,
                        line.closing,
                        line.increase,
                        line.amount,
                    ),
                    c.confirmed_by if c else None,
                    c.confirmed_at if c else None,
                )
            )
    return out


def confirm(
    session: Session, *, principal: Principal, quarter: Quarter, note: str, now: datetime
) -> ConfirmableLine:
    """The bank confirms its line of the quarter's latest statement (recorded: who, when, which
    version); a later version (a resubmitted ledger) needs confirming again."""
    authorize(principal, "supporttool.confirm")
    repo = SupportToolRepository(session)
    latest = repo.latest(str(quarter))
    if latest is None:
        raise StatementNotFound(str(quarter))
    mine = [
        line
        for line in repo.lines(latest.id, readable_by=principal)
        if line.institution_code == principal.institution_code
    ]
    if not mine:
        raise NoLineToConfirm(f"{quarter} 的支持工具核算表中没有本行的记录，无需确认。")
    held = repo.confirmations(latest.id).get(mine[0].institution_code)
    if held is not None:
        raise AlreadyConfirmed(
            f"本行已于 {held.confirmed_at:%Y-%m-%d} 由 {held.confirmed_by} 确认 {quarter} 的核算表。"
        )
    repo.add(
        SupportToolConfirmation(
            statement_id=latest.id,
            institution_code=mine[0].institution_code,
            confirmed_by=principal.username,
            confirmed_at=now,
            note=note[:300] or None,
        )
    )
    session.flush()
    line = mine[0]
    return ConfirmableLine(
        str(quarter),
        latest.version,
        latest.rate,
        SupportLine(line.institution_code, line.opening, line.closing, line.increase, line.amount),
        principal.username,
        now,
    )
