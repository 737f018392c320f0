"""A bank's own relending application in the web and the API, and the pboc maker's review
(C-3.2.2, C-3.2.4; issue 13 point 2).

The bank applies with a batch of loans of its current ledger (uploaded or picked) and sees each
loan's eligibility with its reasons before and after submitting; a pboc maker reviews the
application (a recorded step: who, when, remarks) and a different pboc checker, signed in with a
second factor, approves the draw (``service.approve_batch``). The bank is always the principal's
own institution: a loan that is not in its current ledger — another bank's loan — refuses the
whole batch, nothing stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.config import Settings
from beizeng.errors import InvalidInput, NotPermitted
from beizeng.institution.service import require_institution
from beizeng.kit import numbers
from beizeng.kit.approval import check_two_people
from beizeng.kit.periods import Period
from beizeng.models.tools import RelendingBatch
from beizeng.notification import service as notifications
from beizeng.tools import loans
from beizeng.tools.parameter.service import parameter_book
from beizeng.tools.relending import rules
from beizeng.tools.relending.errors import BatchNotFound, BatchStateInvalid
from beizeng.tools.relending.repository import RelendingRepository
from beizeng.tools.relending.rules import ClaimLine
from beizeng.tools.relending.service import (
    STATUS,
    BatchView,
    approve_batch,
    batch_view,
    enter_batch,
    loan_facts,
    reject_batch,
)

PICK_LIMIT = 500
"""At most this many loans of the current ledger are offered to pick from on one page."""


class NoCurrentLedger(InvalidInput):
    """The bank has no accepted ledger to apply with."""


class NotABank(NotPermitted):
    """The principal acts for no bank of the registry."""


@dataclass(frozen=True)
class LoanVerdict:
    """One loan of the bank's current ledger judged against a programme: eligible or why not."""

    loan_id: str
    borrower_name: str
    balance: Decimal
    interest_rate: Decimal
    maturity_date: date
    eligible: bool
    reasons: tuple[str, ...]
    amount: Decimal


@dataclass(frozen=True)
class Preview:
    programme: str
    term: str
    period: Period
    verdicts: tuple[LoanVerdict, ...]

    @property
    def eligible_amount(self) -> Decimal:
        return sum((v.amount for v in self.verdicts if v.eligible), Decimal("0.00"))


def _bank(principal: Principal) -> str:
    if not principal.institution_code:
        raise NotABank("当前账户不属于任何银行，不能申请再贷款。")
    return principal.institution_code


def current_period(session: Session, *, institution_code: str) -> Period:
    """The month end of the bank's current ledger (its latest accepted snapshot)."""
    period = loans.latest_period(session, institution_code=institution_code)
    if period is None:
        raise NoCurrentLedger(f"机构 {institution_code} 尚无已接收的贷款台账，请先报送台账再申请。")
    return period


def preview(
    session: Session, *, principal: Principal, programme: str, term: str, on: date
) -> Preview:
    """Every loan of the bank's current ledger (up to ``PICK_LIMIT``) with its eligibility and
    reasons under ``programme`` in force on ``on``: what the bank picks from."""
    authorize(principal, "relending.apply")
    code = _bank(principal)
    if programme not in rules.PROGRAMMES:
        raise InvalidInput(
            f"未知的再贷款项目「{programme}」（可选：{'、'.join(rules.PROGRAMMES)}）。"
        )
    prog = rules.resolve_programme(parameter_book(session), programme, on)
    prog.rate(term)
    period = current_period(session, institution_code=code)
    rows = loans.loan_rows(session, institution_code=code, period=period, limit=PICK_LIMIT)
    verdicts = []
    for row in rows:
        loan = loan_facts(row)
        reasons = rules.eligibility_reasons(prog, loan, ClaimLine(0, loan.loan_id, loan.balance))
        if prog.loan_rate_cap is not None and loan.interest_rate > prog.loan_rate_cap:
            reasons.append(
                f"贷款利率 {loan.interest_rate * 100:.2f}% 高于利率上限 {prog.loan_rate_cap * 100:.2f}%"
            )
        verdicts.append(
            LoanVerdict(
                loan.loan_id,
                loan.borrower_name,
                loan.balance,
                loan.interest_rate,
                loan.maturity_date,
                not reasons,
                tuple(reasons),
                Decimal("0.00") if reasons else rules.funded_amount(prog, loan),
            )
        )
    return Preview(programme, term, period, tuple(verdicts))


def picked_lines(
    session: Session, *, principal: Principal, loan_ids: Sequence[str]
) -> list[ClaimLine]:
    """Lines for the loans a bank picked from its current ledger, at their ledger balance; an id
    not in that ledger keeps a zero balance so the batch check names it (and refuses)."""
    code = _bank(principal)
    period = current_period(session, institution_code=code)
    ledger = loans.loans_by_id(session, institution_code=code, period=period, loan_ids=loan_ids)
    return [
        ClaimLine(
            row=number,
            loan_id=loan_id,
            balance=Decimal(str(ledger[loan_id]["balance"])) if loan_id in ledger else Decimal(0),
        )
        for number, loan_id in enumerate(loan_ids, start=1)
    ]


def apply(
    session: Session,
    *,
    principal: Principal,
    programme: str,
    term: str,
    lines: Sequence[ClaimLine],
    applied_on: date,
    settings: Settings,
    now: datetime,
    file: str = "申请批次",
) -> BatchView:
    """The bank applies for relending with loans of its own current ledger; each loan is judged
    (eligible or excluded with reasons), and the application waits for pboc's review. Every pboc
    user is told an approval is waiting. Nothing is stored when a loan is not in the bank's
    ledger (another bank's), is claimed twice, or the draw passes the quota."""
    authorize(principal, "relending.apply")
    code = _bank(principal)
    if not lines:
        raise InvalidInput("请至少选择或上传一笔贷款。")
    view = enter_batch(
        session,
        entered_by=principal.username,
        programme=programme,
        institution_code=code,
        period=current_period(session, institution_code=code),
        term=term,
        lines=lines,
        applied_on=applied_on,
        file=file,
        status="submitted",
    )
    notifications.notify_role(
        session,
        role="pboc",
        message=notifications.Message(
            kind="approval_waiting",
            title=f"{principal.institution_name or code}申请{rules.PROGRAMMES[programme]}"
            f"（批次 #{view.id}），待初审",
            link=f"/tools/relending/{view.id}",
            dedupe_key=f"relending:{view.id}:review",
        ),
        settings=settings,
        now=now,
    )
    return view


def _submitted(repo: RelendingRepository, batch_id: int) -> RelendingBatch:
    batch = repo.batch(batch_id, for_update=True)
    if batch is None:
        raise BatchNotFound(batch_id)
    if batch.status != "submitted":
        raise BatchStateInvalid(f"批次 {batch_id} 状态为「{STATUS[batch.status]}」，不能初审。")
    return batch


def review(
    session: Session,
    *,
    principal: Principal,
    batch_id: int,
    accept: bool,
    remarks: str,
    settings: Settings,
    now: datetime,
) -> BatchView:
    """The pboc maker reviews a bank's application: who, when and the remarks are recorded.
    Passed on, it waits for a different pboc checker (told by notification); sent back, the
    bank is told and its loans are free again."""
    authorize(principal, "relending.review")
    repo = RelendingRepository(session)
    batch = _submitted(repo, batch_id)
    check_two_people(batch.entered_by, principal.username, what=f"批次 {batch_id}", act="初审")
    if not accept and not remarks:
        raise InvalidInput("退回申请须填写初审意见（字段：remarks）。")
    batch.reviewed_by = principal.username
    batch.reviewed_at = now
    batch.review_note = remarks[:300] or None
    title = rules.PROGRAMMES[batch.programme]
    if accept:
        batch.status = "pending"
        notifications.notify_role(
            session,
            role="pboc",
            message=notifications.Message(
                kind="approval_waiting",
                title=f"{title}批次 #{batch_id} 已由 {principal.username} 初审，待复核审批",
                link=f"/tools/relending/{batch_id}",
                dedupe_key=f"relending:{batch_id}:approve",
            ),
            settings=settings,
            now=now,
        )
    else:
        batch.status = "rejected"
        batch.approved_by = principal.username
        batch.decided_at = now
        batch.note = remarks[:300]
        tell_bank(
            session,
            batch=batch,
            title=f"{title}批次 #{batch_id} 初审退回：{remarks}",
            settings=settings,
            now=now,
        )
    session.flush()
    return batch_view(session, principal=principal, batch_id=batch_id)


def tell_bank(
    session: Session, *, batch: RelendingBatch, title: str, settings: Settings, now: datetime
) -> None:
    """Notify the applying bank's users of a decision on its batch."""
    institution = require_institution(session, batch.institution_code)
    notifications.notify_institution(
        session,
        institution_id=institution.id,
        message=notifications.Message(
            kind="approval_done",
            title=title,
            link=f"/tools/relending/{batch.id}",
            dedupe_key=f"relending:{batch.id}:{batch.status}",
        ),
        settings=settings,
        now=now,
    )


def approve(
    session: Session,
    *,
    principal: Principal,
    batch_id: int,
    draw_date: date,
    settings: Settings,
    now: datetime,
) -> BatchView:
    """The checker approves the draw (``service.approve_batch``: neither the maker nor the
    reviewer, signed in with a second factor) and the bank is told."""
    view = approve_batch(
        session, principal=principal, batch_id=batch_id, draw_date=draw_date, now=now
    )
    batch = RelendingRepository(session).batch(batch_id)
    assert batch is not None
    tell_bank(
        session,
        batch=batch,
        title=f"{rules.PROGRAMMES[batch.programme]}批次 #{batch_id} 已审批发放 {numbers.money(view.eligible_amount)}，"
        f"到期日 {view.maturity_date}",
        settings=settings,
        now=now,
    )
    return view


def reject(
    session: Session,
    *,
    principal: Principal,
    batch_id: int,
    reason: str,
    settings: Settings,
    now: datetime,
) -> BatchView:
    """The checker sends the batch back (``service.reject_batch``) and the bank is told why."""
    view = reject_batch(session, principal=principal, batch_id=batch_id, reason=reason, now=now)
    batch = RelendingRepository(session).batch(batch_id)
    assert batch is not None
    tell_bank(
        session,
        batch=batch,
        title=f"{rules.PROGRAMMES[batch.programme]}批次 #{batch_id} 未获审批：{reason}",
        settings=settings,
        now=now,
    )
    return view
