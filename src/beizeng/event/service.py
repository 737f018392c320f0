"""Use cases of matching events: create, invite, record agreements, follow them to disbursement
through the current ledgers, and report signed vs disbursed (C-3.3.2 – C-3.3.4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.event import rules
from beizeng.event.errors import EventInvalid, EventNotFound
from beizeng.event.repository import EventRepository
from beizeng.institution.service import bank_by_code
from beizeng.ledger.events import SubmissionAccepted
from beizeng.ledger.scan import LedgerScan
from beizeng.models.event import EventAgreement, EventInvitation, MatchEvent
from beizeng.reference.identifiers import IdentifierInvalid, validate_uscc
from beizeng.reference.regions import is_luliang_county


def create_event(
    session: Session,
    *,
    principal: Principal,
    kind: str,
    title: str,
    held_on: date,
    county_code: str | None = None,
    venue: str = "",
    description: str = "",
) -> MatchEvent:
    """pboc or gov announces an event."""
    authorize(principal, "event.organise")
    if kind not in rules.KINDS:
        raise EventInvalid(f"活动类型「{kind}」无效，可选：{'、'.join(rules.KINDS.values())}。")
    if county_code and not is_luliang_county(county_code):
        raise EventInvalid(f"县区代码「{county_code}」不是吕梁市所辖县区。")
    if principal.is_county_pboc:
        # A county sub-branch organises in its own county (C-3.1.2); its events are its county's.
        if county_code not in (None, principal.county_code):
            raise EventInvalid("县支行只能组织本县区的对接活动。")
        county_code = principal.county_code
    if not title.strip():
        raise EventInvalid("活动名称必填。")
    event = MatchEvent(
        kind=kind,
        title=title.strip()[:200],
        held_on=held_on,
        county_code=county_code or None,
        venue=venue.strip()[:200],
        organiser=principal.display_name,
        description=description.strip(),
    )
    EventRepository(session).add(event)
    return event


def _event(session: Session, principal: Principal, event_id: int) -> MatchEvent:
    event = EventRepository(session).get(principal, event_id)
    if event is None:
        raise EventNotFound()
    return event


def invite(
    session: Session,
    *,
    principal: Principal,
    event_id: int,
    now: datetime,
    bank_codes: list[str] | None = None,
    enterprise_usccs: list[str] | None = None,
) -> int:
    """Invite banks (by code) and registered enterprises (by USCC); returns how many are new."""
    authorize(principal, "event.organise")
    event = _event(session, principal, event_id)
    repo = EventRepository(session)
    added = 0
    for code in bank_codes or []:
        bank_id = bank_by_code(session, code).id
        if not repo.invited(event.id, institution_id=bank_id, enterprise_id=None):
            repo.add(EventInvitation(event_id=event.id, institution_id=bank_id, invited_at=now))
            added += 1
    for uscc in enterprise_usccs or []:
        firm = repo.enterprise_by_uscc(uscc.strip().upper())
        if firm is None:
            raise EventInvalid(f"统一社会信用代码「{uscc}」的企业尚未在平台注册，无法邀请。")
        if not repo.invited(event.id, institution_id=None, enterprise_id=firm.id):
            repo.add(EventInvitation(event_id=event.id, enterprise_id=firm.id, invited_at=now))
            added += 1
    return added


def record_agreement(
    session: Session,
    *,
    principal: Principal,
    event_id: int,
    bank_code: str,
    enterprise_uscc: str,
    enterprise_name: str,
    amount: Decimal,
    signed_on: date,
    note: str = "",
) -> EventAgreement:
    """Record an agreement signed at the event (pboc/gov, or the signing bank itself)."""
    authorize(principal, "event.agreement")
    event = _event(session, principal, event_id)
    if principal.is_bank and principal.institution_code != bank_code:
        raise EventInvalid("银行只能登记本行签约的协议。")
    try:
        uscc = validate_uscc(enterprise_uscc)
    except IdentifierInvalid as exc:
        raise EventInvalid(exc.message) from None
    if amount <= 0 or amount > Decimal("1e11"):
        raise EventInvalid(f"签约金额「{amount}」无效：应大于 0 元。")
    if signed_on < event.held_on:
        raise EventInvalid(f"签约日期 {signed_on} 早于活动日期 {event.held_on}。")
    agreement = EventAgreement(
        event_id=event.id,
        institution_id=bank_by_code(session, bank_code).id,
        enterprise_uscc=uscc,
        enterprise_name=enterprise_name.strip()[:120] or uscc,
        amount=amount.quantize(Decimal("0.01")),
        signed_on=signed_on,
        note=note.strip(),
    )
    EventRepository(session).add(agreement)
    return agreement


def follow_agreements_on_import(session: Session, event: SubmissionAccepted) -> int:
    """Listener of an accepted ledger submission: the new ledger may show agreed loans paid."""
    return follow_agreements(session)


def follow_agreements(session: Session) -> int:
    """Mark agreements disbursed when a current ledger of their bank shows a loan to the
    enterprise started on or after signing; returns how many were newly disbursed."""
    repo = EventRepository(session)
    pending = repo.open_agreements()
    if not pending:
        return 0
    scan = LedgerScan(session)
    try:
        loans = scan.loans(institutions=sorted({code for _, code in pending}))
        wanted = sorted({a.enterprise_uscc for a, _ in pending})
        table = (
            loans.filter(loans.borrower_id.isin(wanted))
            .select(
                "institution_code", "borrower_id", "loan_id", "period", "start_date", "credit_line"
            )
            .to_pyarrow()
            .to_pylist()
        )
    finally:
        scan.close()
    found: dict[tuple[str, str], list[rules.LedgerLoan]] = {}
    for r in table:
        found.setdefault((r["institution_code"], r["borrower_id"]), []).append(
            rules.LedgerLoan(r["loan_id"], r["period"], r["start_date"], Decimal(r["credit_line"]))
        )
    done = 0
    for agreement, code in pending:
        result = rules.disbursement(
            agreement.signed_on, found.get((code, agreement.enterprise_uscc), [])
        )
        if result is not None:
            agreement.disbursed_amount = result.amount
            agreement.disbursed_on = result.on
            agreement.disbursed_period = result.period
            done += 1
    session.flush()
    return done


@dataclass(frozen=True)
class EventView:
    event: MatchEvent
    invitations: list[tuple[EventInvitation, str]]
    agreements: list[tuple[EventAgreement, str]]
    report: rules.EventReport


def list_events(session: Session, *, principal: Principal) -> list[MatchEvent]:
    authorize(principal, "event.read")
    return EventRepository(session).visible_events(principal)


def event_view(session: Session, *, principal: Principal, event_id: int) -> EventView:
    """One event; a bank sees only its own agreements, and the report of those."""
    authorize(principal, "event.read")
    event = _event(session, principal, event_id)
    repo = EventRepository(session)
    agreements = repo.agreements(principal, event.id)
    report = rules.report([(code, a.amount, a.disbursed_amount) for a, code in agreements])
    invitations = repo.invitations(event.id) if principal.is_supervisor else []
    return EventView(event, invitations, agreements, report)


def all_reports(
    session: Session, *, principal: Principal
) -> list[tuple[MatchEvent, rules.EventReport]]:
    """Signed vs disbursed for every visible event (a bank: its own agreements)."""
    authorize(principal, "event.read")
    repo = EventRepository(session)
    out = []
    for event in repo.visible_events(principal):
        agreements = repo.agreements(principal, event.id)
        out.append(
            (event, rules.report([(c, a.amount, a.disbursed_amount) for a, c in agreements]))
        )
    return out
