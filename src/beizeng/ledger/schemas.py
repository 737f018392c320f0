"""What imports and queries return to their callers (CLI, web, other features)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from beizeng.errors import Problem


@dataclass(frozen=True)
class ImportReport:
    """An accepted ledger file: the stored submission and the warnings it carried."""

    submission_id: str
    institution_code: str
    period: str
    rows: int
    total_balance: Decimal
    total_credit_line: Decimal
    sha256: str
    path: str
    encoding: str
    sheet: str | None
    supersedes: str | None
    warning_count: int
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class SubmissionRead:
    """One line of ``ledger history``."""

    id: str
    institution_code: str
    period: str
    rows: int
    total_balance: Decimal
    status: str
    supersedes_id: str | None
    superseded_by_id: str | None
    source_name: str
    actor: str
    created_at: datetime
    sha256: str
    reason: str | None = None


@dataclass(frozen=True)
class VerifyResult:
    """One stored file checked against its record; ``problem`` is None when it matches."""

    submission_id: str
    institution_code: str
    period: str
    path: str
    problem: str | None


@dataclass(frozen=True)
class CategoryLine:
    borrower_type: str
    loans: int
    borrowers: int
    balance: Decimal


@dataclass(frozen=True)
class LedgerSummary:
    """``ledger show``: a submission's rows and balances by borrower category and by flag."""

    submission: SubmissionRead
    categories: list[CategoryLine]
    flags: dict[str, Decimal]
