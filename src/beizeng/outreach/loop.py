"""The loop that closes by itself (issue 7, point 2): after every accepted ledger, listed
entities that now borrow are marked with their first loan, credited to the bank whose ledger
shows it, whether or not a bank recorded anything.

``close_first_loans`` listens to ``ledger.events.SUBMISSION_ACCEPTED`` (wired in
``beizeng.assembly``), so a ledger imported from the CLI, the demo or a script closes the loop the
same way; a failure here is kept and retried (``beizeng hooks retry``) without losing the import.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from beizeng.kit.periods import Period
from beizeng.ledger.events import SubmissionAccepted
from beizeng.ledger.scan import LedgerScan
from beizeng.outreach.repository import OutreachRepository
from beizeng.outreach.schemas import LoopReport


def close_loop(
    session: Session, *, period: Period, now: datetime, institution_code: str | None = None
) -> LoopReport:
    """Close open listed entities that borrow in the current ledgers of ``period`` (one bank's
    or all), for lists checked against an earlier period. The earliest loan start wins; a tie
    goes to the lower institution code (reproducible)."""
    repo = OutreachRepository(session)
    if not repo.has_open_entities():
        return LoopReport(str(period), 0, {})
    scan = LedgerScan(session)
    try:
        loans = scan.loans(
            periods=[period], institutions=[institution_code] if institution_code else None
        )
        first = (
            loans.group_by("borrower_id", "institution_code")
            .aggregate(started=loans.start_date.min())
            .order_by(["borrower_id", "started", "institution_code"])
            .to_pyarrow()
        )
    finally:
        scan.close()
    earliest: dict[str, tuple[object, str]] = {}
    for borrower, code, started in zip(
        first["borrower_id"].to_pylist(),
        first["institution_code"].to_pylist(),
        first["started"].to_pylist(),
        strict=True,
    ):
        earliest.setdefault(borrower, (started, code))
    found = repo.open_identifiers(earliest)
    lists = {lst.id: lst.as_of for lst, _, _ in repo.lists()}
    ids = repo.institution_ids({code for _, code in earliest.values()})
    credited: dict[str, int] = {}
    closed: list[int] = []
    by_bank: dict[tuple[str, object], list[int]] = {}
    entities = {e.id: e for e in repo.entities_by_id([i for v in found.values() for i in v])}
    for identifier, entity_ids in found.items():
        started, code = earliest[identifier]
        for entity_id in entity_ids:
            as_of = lists.get(entities[entity_id].list_id)
            if as_of is not None and Period.parse(as_of) >= period:
                continue
            by_bank.setdefault((code, started), []).append(entity_id)
            credited[code] = credited.get(code, 0) + 1
            closed.append(entity_id)
    for (code, started), entity_ids in by_bank.items():
        repo.close_entities(
            entity_ids,
            {
                "closed": True,
                "first_loan_period": str(period),
                "first_loan_on": started,
                "first_loan_institution_id": ids.get(code),
            },
        )
    active = repo.latest_assignment_of(closed)
    repo.end_assignments(
        [a for a, _ in active.values()],
        status="closed",
        at=now,
        reason=f"{period} 贷款台账显示已获贷款",
    )
    session.flush()
    return LoopReport(str(period), len(closed), credited)


def close_first_loans(session: Session, event: SubmissionAccepted) -> LoopReport:
    """Listener of an accepted ledger submission: close the loop for that bank and month."""
    return close_loop(
        session,
        period=Period.parse(event.period),
        now=datetime.fromisoformat(event.accepted_at),
        institution_code=event.institution_code,
    )
