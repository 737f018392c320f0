"""Matching events followed to disbursement through the ledgers (C-3.3.2), on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from beizeng.event import rules, service
from beizeng.event.errors import EventInvalid, EventNotFound
from tests.ledger.builders import uscc
from tests.outreach.helpers import NOW, import_ledger, loan, two_banks


def test_disbursement_counts_only_loans_started_on_or_after_signing() -> None:
    loans = [
        rules.LedgerLoan("A", "2022-07", date(2022, 6, 30), Decimal(100)),
        rules.LedgerLoan("B", "2022-07", date(2022, 7, 2), Decimal(300)),
        rules.LedgerLoan("B", "2022-08", date(2022, 7, 2), Decimal(300)),
        rules.LedgerLoan("C", "2022-08", date(2022, 8, 9), Decimal(50)),
    ]
    result = rules.disbursement(date(2022, 7, 1), loans)
    assert result == rules.Disbursement(Decimal(350), date(2022, 7, 2), "2022-07")
    assert rules.disbursement(date(2022, 9, 1), loans) is None


def test_event_report_is_signed_versus_disbursed_per_bank() -> None:
    report = rules.report(
        [("A", Decimal(100), Decimal(80)), ("A", Decimal(50), None), ("B", Decimal(10), None)]
    )
    assert (report.signed_count, report.signed_amount) == (3, Decimal(160))
    assert (report.disbursed_count, report.disbursed_amount) == (1, Decimal(80))
    assert report.per_bank["A"] == (2, Decimal(150), 1, Decimal(80))
    assert report.ratio == pytest.approx(0.5)


def test_an_agreement_is_disbursed_when_the_banks_later_ledger_shows_the_loan(
    session: Session, ledger_home: Path, tmp_path: Path
) -> None:
    pboc, gov, icbc, abc = two_banks(session, tmp_path)
    event = service.create_event(
        session,
        principal=gov,
        kind="sme_meeting",
        title="百县万企柳林专场",
        held_on=date(2022, 7, 5),
    )
    service.invite(session, principal=gov, event_id=event.id, now=NOW, bank_codes=["ICBCLL"])
    service.record_agreement(
        session,
        principal=icbc,
        event_id=event.id,
        bank_code="ICBCLL",
        enterprise_uscc=uscc(77),
        enterprise_name="柳林县签约企业",
        amount=Decimal("5000000"),
        signed_on=date(2022, 7, 5),
    )
    # ABC lends to the firm: not the signing bank, so nothing is disbursed yet.
    import_ledger(
        session, tmp_path, "ABCLL", "2022-07", [loan(5, uscc(77), "141125", "2022-07-10")]
    )
    assert (
        service.event_view(session, principal=pboc, event_id=event.id).report.disbursed_count == 0
    )
    import_ledger(
        session,
        tmp_path,
        "ICBCLL",
        "2022-07",
        [loan(1, uscc(900001), "141102"), loan(6, uscc(77), "141125", "2022-07-12")],
    )
    view = service.event_view(session, principal=pboc, event_id=event.id)
    assert view.report.disbursed_count == 1
    assert view.agreements[0][0].disbursed_on == date(2022, 7, 12)
    assert view.agreements[0][0].disbursed_amount == Decimal("5000000.00")


def test_a_bank_sees_only_events_it_was_invited_to_and_its_own_agreements(
    session: Session, ledger_home: Path, tmp_path: Path
) -> None:
    pboc, gov, icbc, abc = two_banks(session, tmp_path)
    event = service.create_event(
        session, principal=pboc, kind="tech_session", title="科技企业专场", held_on=date(2022, 7, 5)
    )
    service.invite(session, principal=pboc, event_id=event.id, now=NOW, bank_codes=["ICBCLL"])
    with pytest.raises(EventNotFound):
        service.event_view(session, principal=abc, event_id=event.id)
    assert service.list_events(session, principal=abc) == []
    with pytest.raises(EventInvalid):
        service.record_agreement(
            session,
            principal=icbc,
            event_id=event.id,
            bank_code="ABCLL",
            enterprise_uscc=uscc(1),
            enterprise_name="x",
            amount=Decimal(1),
            signed_on=date(2022, 7, 5),
        )
