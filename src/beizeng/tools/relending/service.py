"""Use cases of relending, carbon and coal tools (C-3.2.2, C-3.2.4): apply with a batch of
ledger loans, approve by a second person (the draw), repay, roll over, and report balances.

Every decision takes the acting :class:`Principal` and asks the policy itself (``relending.enter``,
``relending.approve``), so the web and the command line are checked alike; the approver is the
principal's user, who must differ from the one who entered the batch and must have signed in
with a second factor (issue 12, point 3: two-person approval from authenticated people)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.errors import DataInvalid
from beizeng.institution.service import require_institution
from beizeng.kit.approval import MakerIsChecker, check_two_people
from beizeng.kit.money import to_fen
from beizeng.kit.periods import Period
from beizeng.models.tools import RelendingBatch, RelendingItem, RelendingRepayment
from beizeng.tools import loans
from beizeng.tools.parameter.rules import ParameterBook
from beizeng.tools.parameter.service import parameter_book
from beizeng.tools.relending import rules
from beizeng.tools.relending.errors import (
    BatchNotFound,
    BatchStateInvalid,
    InstitutionNotEligible,
    NothingEligible,
    QuotaExceeded,
    RepaymentInvalid,
)
from beizeng.tools.relending.repository import RelendingRepository
from beizeng.tools.relending.rules import ClaimLine, LoanFacts, Programme

STATUS = {
    "submitted": "待初审",
    "pending": "待审批",
    "approved": "已发放",
    "rejected": "已退回",
    "repaid": "已收回",
}
AWAITING = ("submitted", "pending")
"""States of an application still waiting for a decision (they hold quota and loans)."""


@dataclass(frozen=True)
class ItemView:
    loan_id: str
    borrower_name: str
    balance: Decimal
    interest_rate: Decimal
    eligible: bool
    reasons: str | None
    amount: Decimal
    project_category: str | None
    emission_reduction_t: Decimal | None


@dataclass(frozen=True)
class RepaymentView:
    repaid_on: date
    amount: Decimal
    entered_by: str


@dataclass(frozen=True)
class BatchView:
    id: int
    programme: str
    institution_code: str
    period: str
    term: str
    status: str
    applied_on: date
    eligible_amount: Decimal
    rate: Decimal
    draw_date: date | None
    maturity_date: date | None
    outstanding: Decimal
    rollovers: int
    entered_by: str
    approved_by: str | None
    items: tuple[ItemView, ...]
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    review_note: str | None = None
    note: str | None = None
    repayments: tuple[RepaymentView, ...] = ()

    @property
    def ineligible(self) -> tuple[ItemView, ...]:
        return tuple(i for i in self.items if not i.eligible)


def loan_facts(row: dict[str, Any]) -> LoanFacts:
    return LoanFacts(
        loan_id=row["loan_id"],
        borrower_id=row["borrower_id"],
        borrower_name=row["borrower_name"],
        borrower_type=row["borrower_type"],
        enterprise_size=row["enterprise_size"],
        credit_line=Decimal(row["credit_line"]),
        balance=Decimal(row["balance"]),
        start_date=row["start_date"],
        maturity_date=row["maturity_date"],
        interest_rate=Decimal(str(row["interest_rate"])),
        inclusive_smb=bool(row["inclusive_smb"]),
        term_months=int(row["term_months"]),
    )


def _quota(book: ParameterBook, programme: str, code: str, on: date) -> Decimal | None:
    return book.optional_decimal(programme, "quota", on, code)


def _used(repo: RelendingRepository, code: str, programme: str) -> Decimal:
    """Quota in use: outstanding approved draws plus pending applications."""
    total = Decimal(0)
    for batch in repo.batches(institution_code=code, programme=programme):
        if batch.status == "approved":
            total += batch.eligible_amount - repo.repaid(batch.id)
        elif batch.status in AWAITING:
            total += batch.eligible_amount
    return to_fen(total)


def _check_quota(
    book: ParameterBook,
    batch_programme: Programme,
    code: str,
    amount: Decimal,
    *,
    used: Decimal,
) -> None:
    quota = _quota(book, batch_programme.tool, code, batch_programme.on)
    if quota is not None and used + amount > quota:
        raise QuotaExceeded(
            f"{code} 的{batch_programme.title}额度为 {to_fen(quota):,} 元，已占用 {used:,} 元，"
            f"本次 {to_fen(amount):,} 元将超出额度 {to_fen(used + amount - quota):,} 元，未予办理。"
        )


def apply_batch(
    session: Session,
    *,
    principal: Principal,
    programme: str,
    institution_code: str,
    period: Period,
    term: str,
    lines: Sequence[ClaimLine],
    applied_on: date,
    file: str = "申请批次",
) -> BatchView:
    """Check each loan of a batch against the programme and the bank's ledger, and store the
    application with the eligible amount; an integrity problem or a draw past the quota
    refuses the whole batch and stores nothing. ``principal`` (pboc) enters it at the desk on
    the bank's behalf (the maker); a bank applies itself with ``applications.apply``."""
    authorize(principal, "relending.enter")
    return enter_batch(
        session,
        entered_by=principal.username,
        programme=programme,
        institution_code=institution_code,
        period=period,
        term=term,
        lines=lines,
        applied_on=applied_on,
        file=file,
        status="pending",
    )


def enter_batch(
    session: Session,
    *,
    entered_by: str,
    programme: str,
    institution_code: str,
    period: Period,
    term: str,
    lines: Sequence[ClaimLine],
    applied_on: date,
    file: str,
    status: str,
) -> BatchView:
    """Store a checked batch in ``status`` (the callers authorise: ``apply_batch`` for pboc's
    desk, ``applications.apply`` for the bank's own application)."""
    if programme not in rules.PROGRAMMES:
        raise InstitutionNotEligible(
            f"未知的再贷款项目「{programme}」（可选：{'、'.join(rules.PROGRAMMES)}）。"
        )
    institution = require_institution(session, institution_code)
    book = parameter_book(session)
    prog = rules.resolve_programme(book, programme, applied_on)
    why_not = rules.institution_eligible(prog, institution.code, institution.legal_scope)
    if why_not:
        raise InstitutionNotEligible(why_not + "。")
    rate = prog.rate(term)
    repo = RelendingRepository(session)
    repo.lock_bank(institution.code, programme)
    ids = [line.loan_id for line in lines]
    ledger = {
        key: loan_facts(row)
        for key, row in loans.loans_by_id(
            session, institution_code=institution.code, period=period, loan_ids=ids
        ).items()
    }
    held = {
        loan_id: f"第 {batch.id} 号{rules.PROGRAMMES[batch.programme]}批次"
        for loan_id, batch in repo.claimed(institution.code, ids).items()
    }
    problems = rules.integrity_problems(prog, lines, ledger, held, file=file, period=str(period))
    if problems:
        raise DataInvalid(
            problems, summary=f"批次有 {len(problems)} 处问题，整批退回，未登记任何贷款。"
        )
    verdicts = [
        (line, ledger[line.loan_id], rules.eligibility_reasons(prog, ledger[line.loan_id], line))
        for line in lines
    ]
    eligible_amount = sum(
        (rules.funded_amount(prog, loan) for _, loan, reasons in verdicts if not reasons),
        Decimal("0.00"),
    )
    if eligible_amount == 0:
        detail = "；".join(f"{line.loan_id}：{'、'.join(reasons)}" for line, _, reasons in verdicts)
        raise NothingEligible(f"本批次没有符合{prog.title}条件的贷款，未予登记。{detail}")
    _check_quota(
        book,
        prog,
        institution.code,
        eligible_amount,
        used=_used(repo, institution.code, programme),
    )
    batch = RelendingBatch(
        programme=programme,
        institution_code=institution.code,
        period=str(period),
        term=term,
        status=status,
        applied_on=applied_on,
        eligible_amount=eligible_amount,
        rate=rate,
        entered_by=entered_by,
    )
    repo.add(batch)
    session.flush()
    for line, loan, reasons in verdicts:
        repo.add(
            RelendingItem(
                batch_id=batch.id,
                loan_id=loan.loan_id,
                borrower_id=loan.borrower_id,
                borrower_name=loan.borrower_name,
                balance=to_fen(loan.balance),
                interest_rate=loan.interest_rate,
                maturity_date=loan.maturity_date,
                eligible=not reasons,
                reasons="；".join(reasons) or None,
                amount=Decimal("0.00") if reasons else rules.funded_amount(prog, loan),
                project_category=line.project_category,
                emission_reduction_t=line.emission_reduction_t,
            )
        )
    session.flush()
    return _view(repo, batch)


def _pending(repo: RelendingRepository, batch_id: int) -> RelendingBatch:
    batch = repo.batch(batch_id, for_update=True)
    if batch is None:
        raise BatchNotFound(batch_id)
    if batch.status != "pending":
        raise BatchStateInvalid(f"批次 {batch_id} 状态为「{STATUS[batch.status]}」，不能审批。")
    return batch


def _not_the_reviewer(batch: RelendingBatch, actor: str) -> None:
    """The checker is neither the maker who entered nor the pboc maker who reviewed (C-3.2.2:
    two people at the central bank before money moves)."""
    if batch.reviewed_by == actor:
        raise MakerIsChecker(f"批次 {batch.id} 由 {actor} 初审，须由另一人审批（双人复核）。")


def approve_batch(
    session: Session, *, principal: Principal, batch_id: int, draw_date: date, now: datetime
) -> BatchView:
    """The checker approves: the draw is booked at the rate in force on the draw date.
    The approver (``principal``, signed in with a second factor) must not be the person who
    entered the batch (maker-checker).

    ``now`` is the boundary's clock reading, stored as the decision time (consolidation issue,
    point 3)."""
    authorize(principal, "relending.approve")
    repo = RelendingRepository(session)
    batch = _pending(repo, batch_id)
    actor = principal.username
    check_two_people(batch.entered_by, actor, what=f"批次 {batch_id}")
    _not_the_reviewer(batch, actor)
    book = parameter_book(session)
    prog = rules.resolve_programme(book, batch.programme, draw_date)
    repo.lock_bank(batch.institution_code, batch.programme)
    used = _used(repo, batch.institution_code, batch.programme) - batch.eligible_amount
    _check_quota(book, prog, batch.institution_code, batch.eligible_amount, used=used)
    batch.rate = prog.rate(batch.term)
    batch.status = "approved"
    batch.draw_date = draw_date
    batch.maturity_date = rules.add_months(draw_date, rules.TERMS[batch.term])
    batch.approved_by = actor
    batch.decided_at = now
    session.flush()
    return _view(repo, batch)


def reject_batch(
    session: Session, *, principal: Principal, batch_id: int, reason: str, now: datetime
) -> BatchView:
    """The checker sends a batch back; its loans are free to be claimed again. ``principal``
    and ``now`` as in ``approve_batch``."""
    authorize(principal, "relending.approve")
    repo = RelendingRepository(session)
    batch = _pending(repo, batch_id)
    actor = principal.username
    check_two_people(batch.entered_by, actor, what=f"批次 {batch_id}", act="审核")
    _not_the_reviewer(batch, actor)
    batch.status = "rejected"
    batch.approved_by = actor
    batch.decided_at = now
    batch.note = reason[:300]
    session.flush()
    return _view(repo, batch)


def _approved(repo: RelendingRepository, batch_id: int) -> RelendingBatch:
    batch = repo.batch(batch_id, for_update=True)
    if batch is None:
        raise BatchNotFound(batch_id)
    if batch.status != "approved":
        raise BatchStateInvalid(f"批次 {batch_id} 状态为「{STATUS[batch.status]}」，没有在贷余额。")
    return batch


def repay(
    session: Session, *, principal: Principal, batch_id: int, amount: Decimal, repaid_on: date
) -> BatchView:
    """Book a repayment (``principal`` enters it); never more than the outstanding draw, never
    before the draw."""
    authorize(principal, "relending.enter")
    repo = RelendingRepository(session)
    batch = _approved(repo, batch_id)
    assert batch.draw_date is not None
    amount = to_fen(amount)
    left = rules.outstanding(batch.eligible_amount, [repo.repaid(batch_id)])
    if amount <= 0 or amount > left:
        raise RepaymentInvalid(f"还款金额 {amount:,} 元须大于零且不超过在贷余额 {left:,} 元。")
    if repaid_on < batch.draw_date:
        raise RepaymentInvalid(f"还款日 {repaid_on} 早于发放日 {batch.draw_date}。")
    repo.add(
        RelendingRepayment(
            batch_id=batch_id, repaid_on=repaid_on, amount=amount, entered_by=principal.username
        )
    )
    if amount == left:
        batch.status = "repaid"
    session.flush()
    return _view(repo, batch)


def rollover(session: Session, *, principal: Principal, batch_id: int) -> BatchView:
    """Roll a draw over for another term (carbon: at most twice; the count is a parameter).

    Extending central-bank money is a decision like the draw: ``relending.approve``, so a
    person signed in with a second factor."""
    authorize(principal, "relending.approve")
    repo = RelendingRepository(session)
    batch = _approved(repo, batch_id)
    assert batch.maturity_date is not None
    prog = rules.resolve_programme(parameter_book(session), batch.programme, batch.maturity_date)
    if batch.rollovers >= prog.max_rollovers:
        raise BatchStateInvalid(
            f"{prog.title}最多展期 {prog.max_rollovers} 次，批次 {batch_id} 已展期 {batch.rollovers} 次。"
        )
    batch.rollovers += 1
    batch.maturity_date = rules.add_months(batch.maturity_date, rules.TERMS[batch.term])
    session.flush()
    return _view(repo, batch)


def batch_view(session: Session, *, principal: Principal, batch_id: int) -> BatchView:
    """One batch with its loans, if ``principal`` may read it (a bank: its own; ``tools.scope``);
    another bank's batch is not found, as if it did not exist."""
    authorize(principal, "tools.read")
    repo = RelendingRepository(session)
    batch = repo.readable_batch(batch_id, principal)
    if batch is None:
        raise BatchNotFound(batch_id)
    return _view(repo, batch)


def _view(repo: RelendingRepository, batch: RelendingBatch) -> BatchView:
    batch_id = batch.id
    items = tuple(
        ItemView(
            i.loan_id,
            i.borrower_name,
            i.balance,
            i.interest_rate,
            i.eligible,
            i.reasons,
            i.amount,
            i.project_category,
            i.emission_reduction_t,
        )
        for i in repo.items(batch_id)
    )
    drawn = batch.eligible_amount if batch.status in ("approved", "repaid") else Decimal("0.00")
    return BatchView(
        id=batch.id,
        programme=batch.programme,
        institution_code=batch.institution_code,
        period=batch.period,
        term=batch.term,
        status=batch.status,
        applied_on=batch.applied_on,
        eligible_amount=batch.eligible_amount,
        rate=batch.rate,
        draw_date=batch.draw_date,
        maturity_date=batch.maturity_date,
        outstanding=rules.outstanding(drawn, [repo.repaid(batch.id)]),
        rollovers=batch.rollovers,
        entered_by=batch.entered_by,
        approved_by=batch.approved_by,
        items=items,
        reviewed_by=batch.reviewed_by,
        reviewed_at=batch.reviewed_at,
        review_note=batch.review_note,
        note=batch.note,
        repayments=tuple(
            RepaymentView(r.repaid_on, r.amount, r.entered_by) for r in repo.repayments(batch_id)
        ),
    )


def list_batches(
    session: Session, *, principal: Principal, programme: str | None = None
) -> list[BatchView]:
    """The batches ``principal`` reads (``tools.scope``), of one programme or all."""
    authorize(principal, "tools.read")
    repo = RelendingRepository(session)
    return [_view(repo, b) for b in repo.batches(programme=programme, readable_by=principal)]


def all_batches(
    session: Session, *, institution_code: str | None = None, programme: str | None = None
) -> list[BatchView]:
    """Every batch, of one bank or all: the server operator's ledger (``beizeng tools relending
    list`` runs on the server, as ``beizeng users token list`` does) and the statements."""
    repo = RelendingRepository(session)
    return [
        _view(repo, b) for b in repo.batches(institution_code=institution_code, programme=programme)
    ]


def relending_balance_by_bank(
    session: Session, period: Period, *, programmes: Sequence[str] | None = None
) -> dict[str, Decimal]:
    """Outstanding central-bank relending per bank at the period's month end (the monitoring
    metric ``relending_balance``): draws made by then, less repayments made by then."""
    repo = RelendingRepository(session)
    out: dict[str, Decimal] = {}
    for batch in repo.batches():
        if batch.draw_date is None or batch.draw_date > period.end:
            continue
        if programmes is not None and batch.programme not in programmes:
            continue
        left = batch.eligible_amount - repo.repaid(batch.id, until=period.end)
        out[batch.institution_code] = to_fen(out.get(batch.institution_code, Decimal(0)) + left)
    return dict(sorted(out.items()))


@dataclass(frozen=True)
class EarlyExit:
    batch_id: int
    institution_code: str
    loan_id: str
    maturity_date: date


def early_exits(session: Session, *, period: Period) -> list[EarlyExit]:
    """Loans funded by a draw still outstanding at ``period`` that are no longer in the bank's
    ledger there, although the loan's maturity is later: flagged for follow-up."""
    repo = RelendingRepository(session)
    flagged: list[EarlyExit] = []
    for batch in repo.batches(status="approved"):
        if batch.draw_date is None or batch.draw_date > period.end:
            continue
        items = [i for i in repo.items(batch.id) if i.eligible and i.maturity_date > period.end]
        if not items:
            continue
        if not loans.has_snapshot(session, institution_code=batch.institution_code, period=period):
            continue
        present = loans.loans_present(
            session,
            institution_code=batch.institution_code,
            period=period,
            loan_ids=[i.loan_id for i in items],
        )
        flagged += [
            EarlyExit(batch.id, batch.institution_code, i.loan_id, i.maturity_date)
            for i in items
            if i.loan_id not in present
        ]
    return flagged
