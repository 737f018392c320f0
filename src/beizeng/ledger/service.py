"""Use cases of loan ledgers: import, history, verify, summary (issue 3).

``import_ledger`` checks every rule in DuckDB, writes the typed rows to one immutable Parquet
file (``storage``), then records the submission and supersedes the previous one in the caller's
transaction, and announces ``SUBMISSION_ACCEPTED`` to the features that follow the ledgers.
Any error: nothing is stored and ``LedgerInvalid`` lists every problem.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.config import Settings
from beizeng.institution.service import require_institution
from beizeng.kit.periods import Period
from beizeng.ledger import duck, storage
from beizeng.ledger.checks import typed_select
from beizeng.ledger.error_workbook import write_error_workbook
from beizeng.ledger.errors import LedgerInvalid, SubmissionNotFound
from beizeng.ledger.events import SUBMISSION_ACCEPTED, SubmissionAccepted
from beizeng.ledger.repository import LedgerRepository
from beizeng.ledger.scan import LedgerScan
from beizeng.ledger.schemas import (
    CategoryLine,
    ImportReport,
    LedgerSummary,
    SubmissionRead,
    VerifyResult,
)
from beizeng.ledger.validate import offending_rows, validate
from beizeng.models.ledger import CURRENT, SUPERSEDED, LedgerSubmission

Progress = Callable[[int, int], None]
STEPS = 4

__all__ = [
    "already_imported",
    "history",
    "import_ledger",
    "ledger_summary",
    "verify_files",
]


def _noop(_done: int, _total: int) -> None:
    return None


def import_ledger(
    session: Session,
    *,
    path: Path,
    institution_code: str,
    period: Period,
    settings: Settings,
    now: datetime,
    actor: str | None = None,
    errors_out: Path | None = None,
    progress: Progress | None = None,
    reason: str | None = None,
) -> ImportReport:
    """Validate and store one institution's month-end snapshot (C-3.x monitoring data).

    ``institution_code`` alone names the institution: a column of the file naming another one is
    not part of the contract and is ignored. ``reason`` says why a resubmission replaces the
    current version (C-4.5.1); it is kept with the record. Raises ``InstitutionNotFound`` for an unknown code and ``LedgerInvalid`` with every broken
    rule; with ``errors_out`` the problems are also written to a workbook a clerk can fix from.
    """
    step = progress or _noop
    institution = require_institution(session, institution_code)
    home = settings.resolved_home
    repo = LedgerRepository(session)
    previous = repo.current(institution.id, str(period))
    last_month = repo.current(institution.id, str(period.shift(-1)))
    scratch_root = home / "tmp"
    scratch_root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="import-", dir=scratch_root))
    source_digest = storage.digest_in_background(path, max_bytes=settings.max_upload_bytes)
    con = duck.connect(input_bytes=path.stat().st_size if path.is_file() else None)
    try:
        step(0, STEPS)
        checked = validate(
            con,
            path,
            period=period,
            previous=home / last_month.path if last_month else None,
            max_bytes=settings.max_upload_bytes,
            scratch=scratch,
        )
        step(2, STEPS)
        if checked.error_count:
            if errors_out is not None:
                write_error_workbook(
                    errors_out,
                    problems=checked.errors + checked.warnings,
                    rows=offending_rows(con, checked.loaded.row_expr),
                    headers=checked.loaded.headers,
                )
            raise LedgerInvalid(
                checked.errors,
                total=checked.error_count,
                warnings=checked.warnings,
                errors_out=str(errors_out) if errors_out else None,
            )
        totals = con.execute(
            "SELECT coalesce(sum(n_balance), 0), coalesce(sum(n_credit_line), 0) FROM staged"
        ).fetchone()
        assert totals is not None
        submission_id = storage.new_submission_id(now)
        relative = storage.relative_path(institution.code, str(period), submission_id)
        stored = storage.write_parquet(con, typed_select(), home / relative)
        step(3, STEPS)
    finally:
        con.close()
        shutil.rmtree(scratch, ignore_errors=True)
    record = LedgerSubmission(
        id=submission_id,
        institution_id=institution.id,
        period=str(period),
        rows=stored.rows,
        total_balance=Decimal(totals[0]),
        total_credit_line=Decimal(totals[1]),
        sha256=stored.sha256,
        size_bytes=stored.size_bytes,
        path=relative,
        source_name=path.name,
        source_sha256=source_digest.result(),
        warnings=checked.warning_count,
        actor=actor or str(session.info.get("actor", "system")),
        status=CURRENT,
        supersedes_id=previous.id if previous else None,
        reason=reason,
        created_at=now,
    )
    repo.add(record)
    session.flush()
    if previous is not None:
        previous.status = SUPERSEDED
        previous.superseded_by_id = record.id
        session.flush()
    storage.checkpoint("recorded")
    accepted = SubmissionAccepted(institution.code, str(period), record.id, now.isoformat())
    SUBMISSION_ACCEPTED.publish(session, accepted)
    step(STEPS, STEPS)
    return ImportReport(
        submission_id=record.id,
        institution_code=institution.code,
        period=str(period),
        rows=record.rows,
        total_balance=record.total_balance,
        total_credit_line=record.total_credit_line,
        sha256=record.sha256,
        path=relative,
        encoding=checked.loaded.encoding,
        sheet=checked.loaded.sheet,
        supersedes=record.supersedes_id,
        warning_count=checked.warning_count,
        warnings=checked.warnings,
    )


def already_imported(
    session: Session, *, path: Path, institution_code: str, period: Period
) -> bool:
    """True when the current submission of this institution and period came from this very file
    (same sha256): importing it again would only add a duplicate version."""
    institution = require_institution(session, institution_code)
    current = LedgerRepository(session).current(institution.id, str(period))
    return current is not None and current.source_sha256 == storage.sha256_of(path)


def _read(row: LedgerSubmission, code: str) -> SubmissionRead:
    return SubmissionRead(
        id=row.id,
        institution_code=code,
        period=row.period,
        rows=row.rows,
        total_balance=row.total_balance,
        status=row.status,
        supersedes_id=row.supersedes_id,
        superseded_by_id=row.superseded_by_id,
        source_name=row.source_name,
        actor=row.actor,
        created_at=row.created_at,
        sha256=row.sha256,
        reason=row.reason,
    )


def history(
    session: Session, *, institution_code: str | None = None, period: Period | None = None
) -> list[SubmissionRead]:
    """Every submission, current and superseded (DESIGN: nothing is ever lost)."""
    rows = LedgerRepository(session).history(
        institution_code=institution_code, period=str(period) if period else None
    )
    return [_read(sub, code) for sub, code in rows]


def verify_files(session: Session, *, settings: Settings) -> list[VerifyResult]:
    """Check every stored file (current and superseded) against its sha256 and row count."""
    home = settings.resolved_home
    results: list[VerifyResult] = []
    for sub, code in LedgerRepository(session).history():
        file = home / sub.path
        problem: str | None = None
        if not file.is_file():
            problem = "文件缺失"
        elif storage.sha256_of(file) != sub.sha256:
            problem = "校验和（sha256）与登记不一致：文件已被改动"
        else:
            rows = storage.footer_rows(file)
            if rows is None:
                problem = "Parquet 文件已损坏：无法读取文件尾部的元数据"
            elif rows != sub.rows:
                problem = f"行数 {rows} 与登记的 {sub.rows} 不一致"
        results.append(VerifyResult(sub.id, code, sub.period, sub.path, problem))
    return results


def ledger_summary(session: Session, *, institution_code: str, period: Period) -> LedgerSummary:
    """Rows and balances by borrower category and by classification flag of a current snapshot."""
    require_institution(session, institution_code)
    current = [
        r
        for r in history(session, institution_code=institution_code, period=period)
        if r.status == CURRENT
    ]
    if not current:
        raise SubmissionNotFound(institution_code, str(period))
    loans = LedgerScan(session).loans(periods=[period], institutions=[institution_code])
    by_type = (
        loans.group_by("borrower_type")
        .aggregate(
            loans=loans.count(),
            borrowers=loans.borrower_id.nunique(),
            balance=loans.balance.sum(),
        )
        .order_by("borrower_type")
        .to_pyarrow()
        .to_pylist()
    )
    flags = ["inclusive_smb", "inclusive_smb_cbirc", "private_enterprise", "manufacturing_mlt"]
    flags += ["services", "green", "clean_energy", "first_loan"]
    sums = (
        loans.aggregate(**{f: loans.balance.sum(where=loans[f]) for f in flags})
        .to_pyarrow()
        .to_pylist()[0]
    )
    return LedgerSummary(
        submission=current[0],
        categories=[
            CategoryLine(r["borrower_type"], int(r["loans"]), int(r["borrowers"]), r["balance"])
            for r in by_type
        ],
        flags={f: Decimal(sums[f] or 0) for f in flags},
    )
