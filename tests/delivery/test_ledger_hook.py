"""The ledger import announces; a failing listener is kept and retried, never losing the import.

Done when (issue 11): a failing hook subscriber does not fail an import.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.config import get_settings
from beizeng.delivery import service
from beizeng.kit.hooks import subscriber_name
from beizeng.kit.periods import Period
from beizeng.ledger import service as ledgers
from beizeng.ledger.events import SUBMISSION_ACCEPTED, SubmissionAccepted
from beizeng.models.delivery import FailedDelivery
from beizeng.models.institution import Institution
from beizeng.models.ledger import LedgerSubmission
from tests.ledger.builders import IMPORTED_AT, row, write_csv

JUNE = Period(2022, 6)
seen: list[SubmissionAccepted] = []
broken = {"on": True}


def flaky_listener(session: Session, event: SubmissionAccepted) -> None:
    """Writes a row (to prove its savepoint is rolled back), then fails while ``broken``."""
    session.add(
        Institution(
            code="FLAKY",
            name="不应留下的机构",
            category="rural_bank",
            legal_scope="local",
            county_code="141102",
        )
    )
    session.flush()
    if broken["on"]:
        raise RuntimeError("listener bug")
    seen.append(event)


def _import(session: Session, tmp_path: Path) -> str:
    report = ledgers.import_ledger(
        session,
        path=write_csv(tmp_path / "june.csv", [row(1)]),
        institution_code="ICBCLL",
        period=JUNE,
        settings=get_settings(),
        now=IMPORTED_AT,
    )
    return report.submission_id


def test_a_failing_listener_is_kept_and_the_import_stands_then_a_retry_delivers_it(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    seen.clear()
    broken["on"] = True
    SUBMISSION_ACCEPTED.subscribe(flaky_listener)
    try:
        submission = _import(session, tmp_path)

        assert session.scalar(select(func.count()).select_from(LedgerSubmission)) == 1
        assert session.scalar(select(Institution).where(Institution.code == "FLAKY")) is None
        [kept] = service.pending(session)
        assert kept.hook == "ledger.submission_accepted"
        assert kept.subscriber == subscriber_name(flaky_listener)
        assert kept.payload == {
            "institution_code": "ICBCLL",
            "period": "2022-06",
            "submission_id": submission,
            "accepted_at": IMPORTED_AT.isoformat(),
        }
        assert kept.error == "RuntimeError: listener bug" and kept.attempts == 1

        again = service.retry_pending(session, now=IMPORTED_AT)
        assert (again.delivered, again.failed) == (0, 1)
        assert kept.attempts == 2 and kept.delivered_at is None

        broken["on"] = False
        done = service.retry_pending(session, now=IMPORTED_AT)
        assert (done.delivered, done.failed, done.unknown) == (1, 0, [])
        assert seen == [
            SubmissionAccepted("ICBCLL", "2022-06", submission, IMPORTED_AT.isoformat())
        ]
        assert service.pending(session) == []
        assert session.scalar(select(Institution).where(Institution.code == "FLAKY")) is not None
    finally:
        SUBMISSION_ACCEPTED.unsubscribe(flaky_listener)


def test_a_kept_delivery_whose_listener_is_gone_is_reported_not_dropped(
    session: Session,
) -> None:
    session.add(
        FailedDelivery(
            hook="ledger.submission_accepted",
            subscriber="beizeng.nowhere.listener",
            payload={
                "institution_code": "X",
                "period": "2022-06",
                "submission_id": "s",
                "accepted_at": IMPORTED_AT.isoformat(),
            },
            error="RuntimeError: x",
        )
    )
    session.flush()
    report = service.retry_pending(session, now=IMPORTED_AT)
    assert report.unknown == ["ledger.submission_accepted → beizeng.nowhere.listener"]
    assert len(service.pending(session)) == 1


def test_the_first_loan_loop_and_the_agreements_listen_to_the_ledger() -> None:
    names = {subscriber_name(s) for s in SUBMISSION_ACCEPTED.subscribers}
    assert names >= {
        "beizeng.outreach.loop.close_first_loans",
        "beizeng.event.service.follow_agreements_on_import",
    }
