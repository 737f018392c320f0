"""Use cases of subsidy and risk-compensation programmes (C-3.3.4, C-3.4.4, C-4.3.1).

Programme → eligibility rules → claims linked to ledger loans → approval by a different user
(maker-checker) → payment out of the fund, which never pays beyond its balance.

Every movement takes the acting :class:`Principal` and asks the policy itself: entering claims
and deposits is ``subsidy.enter``; approving, rejecting and paying is ``subsidy.approve``, for a
person signed in with a second factor who did not enter the claim (issue 12, point 3).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from beizeng.access.errors import ActionRefused
from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.config import Settings
from beizeng.institution.service import require_institution
from beizeng.kit import numbers
from beizeng.kit.approval import MakerIsChecker, check_two_people
from beizeng.kit.money import to_fen
from beizeng.kit.periods import Period
from beizeng.models.fiscal import SubsidyClaim, SubsidyFundEntry, SubsidyProgramme
from beizeng.notification import service as notifications
from beizeng.tools import loans
from beizeng.tools.subsidy import rules
from beizeng.tools.subsidy.errors import (
    CapReached,
    ClaimDuplicate,
    ClaimIneligible,
    ClaimNotFound,
    ClaimStateInvalid,
    ProgrammeInvalid,
    ProgrammeNotFound,
)
from beizeng.tools.subsidy.repository import SubsidyRepository

STATUS = {
    "filed": "待初审",
    "entered": "待审批",
    "approved": "已审批待支付",
    "paid": "已支付",
    "rejected": "已驳回",
}


def _money(data: dict[str, Any], key: str, where: str) -> Decimal:
    try:
        value = Decimal(str(data[key]))
    except (KeyError, InvalidOperation) as exc:
        raise ProgrammeInvalid(f"{where}：缺少或无法识别「{key}」。") from exc
    if value < 0:
        raise ProgrammeInvalid(f"{where}：「{key}」不能为负数。")
    return value


def define_programme(session: Session, *, data: dict[str, Any], source: str) -> SubsidyProgramme:
    """Create a programme from its definition (see docs/tools.md); the formula parts are data."""
    where = f"项目定义 {source}"
    for key in ("code", "name", "kind", "sponsor", "from"):
        if key not in data:
            raise ProgrammeInvalid(f"{where}：缺少「{key}」。")
    if data["kind"] not in rules.KINDS:
        raise ProgrammeInvalid(f"{where}：kind 须为 {'、'.join(rules.KINDS)}。")
    repo = SubsidyRepository(session)
    if repo.programme(str(data["code"])) is not None:
        raise ClaimDuplicate(f"补贴项目「{data['code']}」已存在。")
    rules.Eligibility.from_data(data.get("rules", {}))
    share = _money(data, "share", where)
    if share > 1:
        raise ProgrammeInvalid(f"{where}：share 须在 0 与 1 之间。")
    row = SubsidyProgramme(
        code=str(data["code"]),
        name=str(data["name"]),
        kind=str(data["kind"]),
        sponsor=str(data["sponsor"]),
        rules=dict(data.get("rules", {})),
        rate=_money(data, "rate", where) if "rate" in data else None,
        share=share,
        day_basis=int(data.get("day_basis", 360)),
        cap_per_enterprise=to_fen(_money(data, "cap_per_enterprise", where)),
        cap_programme=to_fen(_money(data, "cap_programme", where)),
        effective_from=data["from"],
        effective_to=data.get("to"),
    )
    repo.add(row)
    session.flush()
    return row


def define_programme_file(session: Session, *, path: Path) -> SubsidyProgramme:
    if not path.is_file():
        raise ProgrammeInvalid(f"项目定义文件 {path} 不存在。")
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProgrammeInvalid(f"项目定义文件 {path.name} 不是有效的 TOML：{exc}") from exc
    return define_programme(session, data=data, source=path.name)


def packaged_programmes() -> list[Path]:
    """The example programme definitions shipped in the package (used by the demo)."""
    folder = resources.files("beizeng.tools.subsidy") / "data"
    return sorted(
        Path(str(folder / name.name)) for name in folder.iterdir() if name.name.endswith(".toml")
    )


def _programme(repo: SubsidyRepository, code: str) -> SubsidyProgramme:
    row = repo.programme(code)
    if row is None:
        raise ProgrammeNotFound(code)
    return row


def fund(session: Session, *, programme_code: str) -> rules.Fund:
    """The programme's fund as it stands: deposits and recoveries, payments, commitments."""
    repo = SubsidyRepository(session)
    return _fund(repo, _programme(repo, programme_code))


def _fund(repo: SubsidyRepository, programme: SubsidyProgramme) -> rules.Fund:
    totals = repo.fund_totals(programme.id)
    return rules.Fund(
        deposited=to_fen(totals.get("deposit", Decimal(0)) + totals.get("recovery", Decimal(0))),
        paid=to_fen(totals.get("payment", Decimal(0))),
        committed=to_fen(repo.approved_unpaid(programme.id)),
    )


def deposit(
    session: Session,
    *,
    principal: Principal,
    programme_code: str,
    amount: Decimal,
    on: date,
    kind: str = "deposit",
) -> rules.Fund:
    """Put money into the fund (a fiscal allocation, or a recovery of compensation paid)."""
    authorize(principal, "subsidy.enter")
    repo = SubsidyRepository(session)
    programme = _programme(repo, programme_code)
    repo.lock_programme(programme.id)
    _fund(repo, programme).deposit(amount)
    repo.add(
        SubsidyFundEntry(
            programme_id=programme.id,
            booked_on=on,
            kind=kind,
            amount=to_fen(amount),
            entered_by=principal.username,
        )
    )
    session.flush()
    return _fund(repo, programme)


def _loan(row: dict[str, Any]) -> rules.SubsidyLoan:
    return rules.SubsidyLoan(
        loan_id=row["loan_id"],
        borrower_id=row["borrower_id"],
        borrower_name=row["borrower_name"],
        borrower_type=row["borrower_type"],
        enterprise_size=row["enterprise_size"],
        industry_section=row["industry_section"],
        credit_line=Decimal(row["credit_line"]),
        balance=Decimal(row["balance"]),
        interest_rate=Decimal(str(row["interest_rate"])),
        first_loan=bool(row["first_loan"]),
        inclusive_smb=bool(row["inclusive_smb"]),
        green=bool(row["green"]),
    )


@dataclass(frozen=True)
class ClaimInput:
    programme_code: str
    institution_code: str
    period: Period
    loan_id: str
    days: int = 0
    loss: Decimal | None = None


def enter_claim(session: Session, *, principal: Principal, claim: ClaimInput) -> SubsidyClaim:
    """The maker enters a claim for a ledger loan; the amount follows the programme's formula,
    capped per enterprise and per programme. Refused (nothing stored) when the loan is not in the
    ledger, fails a rule, was already claimed, or the caps are used up. ``principal`` is the
    maker."""
    authorize(principal, "subsidy.enter")
    return _enter(session, entered_by=principal.username, claim=claim, status="entered")


def file_claim(
    session: Session,
    *,
    principal: Principal,
    programme_code: str,
    loan_id: str,
    days: int = 0,
    loss: Decimal | None = None,
    settings: Settings,
    now: datetime,
) -> SubsidyClaim:
    """A bank files its own claim for a loan of its current ledger (C-3.3.4, C-4.3.1; issue 13
    point 2). It waits for a first review by the sponsoring department, then a second person's
    approval; the government users are told. Refused, nothing stored, as ``enter_claim``."""
    authorize(principal, "subsidy.claim")
    if not principal.institution_code:
        raise ClaimIneligible("当前账户不属于任何银行，不能申报。")
    period = loans.latest_period(session, institution_code=principal.institution_code)
    if period is None:
        raise ClaimIneligible("本行尚无已接收的贷款台账，请先报送台账再申报。")
    claim = ClaimInput(programme_code, principal.institution_code, period, loan_id, days, loss)
    row = _enter(session, entered_by=principal.username, claim=claim, status="filed")
    programme = session.get(SubsidyProgramme, row.programme_id)
    assert programme is not None
    notifications.notify_role(
        session,
        role="gov",
        message=notifications.Message(
            kind="approval_waiting",
            title=f"{principal.institution_name or principal.institution_code}申报"
            f"「{programme.name}」{numbers.money(row.amount)}（申请 #{row.id}），待初审",
            link="/tools#subsidy",
            dedupe_key=f"subsidy:{row.id}:review",
        ),
        settings=settings,
        now=now,
    )
    return row


def _may_decide(principal: Principal, programme: SubsidyProgramme) -> None:
    why = rules.decider_refusal(
        role=principal.role, department=principal.department, sponsor=programme.sponsor
    )
    if why:
        raise ActionRefused(why)


def review_claim(
    session: Session,
    *,
    principal: Principal,
    claim_id: int,
    accept: bool,
    remarks: str,
    now: datetime,
) -> SubsidyClaim:
    """The first person of the sponsoring department reviews a bank's claim (recorded: who,
    when); passed on, a second person approves it (``approve_claim``); returned, it is rejected
    with the remarks. Reviewing is the maker's step of maker-checker (``subsidy.enter``)."""
    authorize(principal, "subsidy.enter")
    repo = SubsidyRepository(session)
    row = _claim(repo, claim_id, "filed")
    programme = session.get(SubsidyProgramme, row.programme_id)
    assert programme is not None
    _may_decide(principal, programme)
    if not accept and not remarks:
        raise ClaimIneligible("退回申请须填写初审意见（字段：remarks）。")
    row.reviewed_by, row.reviewed_at = principal.username, now
    if accept:
        row.status = "entered"
    else:
        row.status, row.approved_by, row.decided_at, row.note = (
            "rejected",
            principal.username,
            now,
            remarks[:300],
        )
    session.flush()
    return row


def _enter(session: Session, *, entered_by: str, claim: ClaimInput, status: str) -> SubsidyClaim:
    repo = SubsidyRepository(session)
    programme = _programme(repo, claim.programme_code)
    bank = require_institution(session, claim.institution_code)
    on = claim.period.end
    if on < programme.effective_from or (programme.effective_to and on >= programme.effective_to):
        raise ClaimIneligible(f"{claim.period} 不在项目「{programme.name}」的有效期内。")
    found = loans.loans_by_id(
        session, institution_code=bank.code, period=claim.period, loan_ids=[claim.loan_id]
    )
    if claim.loan_id not in found:
        raise ClaimIneligible(
            f"贷款 {claim.loan_id} 不在 {bank.code} {claim.period} 的现行台账中，不能申请。"
        )
    loan = _loan(found[claim.loan_id])
    reasons = rules.eligibility_reasons(rules.Eligibility.from_data(programme.rules), loan)
    if reasons:
        raise ClaimIneligible(
            f"贷款 {claim.loan_id} 不符合项目「{programme.name}」条件：{'；'.join(reasons)}。"
        )
    repo.lock_programme(programme.id)
    held = repo.live_claim_for_loan(programme.id, bank.code, claim.loan_id)
    if held is not None:
        raise ClaimDuplicate(
            f"贷款 {claim.loan_id} 已在本项目第 {held.id} 号申请中申报，不能重复申请。"
        )
    if programme.kind == "interest_subsidy":
        if claim.days <= 0:
            raise ClaimIneligible("贴息申请须填写大于零的计息天数。")
        rate = programme.rate if programme.rate is not None else loan.interest_rate
        base = to_fen(loan.balance)
        raw = rules.interest_subsidy(
            base, rate, claim.days, day_basis=programme.day_basis, share=programme.share
        )
    else:
        if claim.loss is None or claim.loss <= 0 or claim.loss > loan.balance:
            raise ClaimIneligible(
                f"风险补偿申请须填写大于零、且不超过贷款余额 {to_fen(loan.balance):,} 元的损失金额。"
            )
        rate, base = programme.share, to_fen(claim.loss)
        raw = rules.risk_compensation(base, programme.share)
    amount = rules.capped(
        raw,
        enterprise_used=repo.claimed_total(programme.id, borrower_id=loan.borrower_id),
        cap_per_enterprise=programme.cap_per_enterprise,
        programme_used=repo.claimed_total(programme.id),
        cap_programme=programme.cap_programme,
    )
    if amount <= 0:
        raise CapReached(
            f"借款人 {loan.borrower_name} 或项目「{programme.name}」的补贴上限已用完。"
        )
    row = SubsidyClaim(
        programme_id=programme.id,
        institution_code=bank.code,
        period=str(claim.period),
        loan_id=loan.loan_id,
        borrower_id=loan.borrower_id,
        borrower_name=loan.borrower_name,
        principal=base,
        rate=rate,
        days=claim.days,
        amount=amount,
        status=status,
        entered_by=entered_by,
        note=None if amount == raw else f"按上限核减：公式金额 {raw} 元",
    )
    repo.add(row)
    session.flush()
    return row


def _claim(repo: SubsidyRepository, claim_id: int, state: str) -> SubsidyClaim:
    row = repo.claim(claim_id, for_update=True)
    if row is None:
        raise ClaimNotFound(claim_id)
    if row.status != state:
        raise ClaimStateInvalid(f"申请 {claim_id} 状态为「{STATUS[row.status]}」，不能执行此操作。")
    return row


def _not_the_reviewer(row: SubsidyClaim, actor: str) -> None:
    if row.reviewed_by == actor:
        raise MakerIsChecker(f"申请 {row.id} 由 {actor} 初审，须由另一人审批（双人复核）。")


def approve_claim(
    session: Session, *, principal: Principal, claim_id: int, now: datetime
) -> SubsidyClaim:
    """The checker (``principal``) approves: a different person from the maker, signed in with
    a second factor, and the fund must cover it uncommitted."""
    authorize(principal, "subsidy.approve")
    repo = SubsidyRepository(session)
    row = _claim(repo, claim_id, "entered")
    actor = principal.username
    check_two_people(row.entered_by, actor, what=f"申请 {claim_id}")
    _not_the_reviewer(row, actor)
    programme = repo.session.get(SubsidyProgramme, row.programme_id)
    assert programme is not None
    _may_decide(principal, programme)
    repo.lock_programme(programme.id)
    _fund(repo, programme).commit(row.amount)
    row.status, row.approved_by, row.decided_at = "approved", actor, now
    session.flush()
    return row


def reject_claim(
    session: Session, *, principal: Principal, claim_id: int, reason: str, now: datetime
) -> SubsidyClaim:
    """The checker sends a claim back (same conditions as approving it)."""
    authorize(principal, "subsidy.approve")
    repo = SubsidyRepository(session)
    row = _claim(repo, claim_id, "entered")
    actor = principal.username
    check_two_people(row.entered_by, actor, what=f"申请 {claim_id}", act="审核")
    _not_the_reviewer(row, actor)
    programme = repo.session.get(SubsidyProgramme, row.programme_id)
    assert programme is not None
    _may_decide(principal, programme)
    row.status, row.approved_by, row.decided_at, row.note = (
        "rejected",
        actor,
        now,
        reason[:300],
    )
    session.flush()
    return row


def pay_claim(session: Session, *, principal: Principal, claim_id: int, on: date) -> SubsidyClaim:
    """Pay an approved claim out of the fund (the fund entry is the payment record); money
    leaves the fund, so ``subsidy.approve`` (a person with a second factor)."""
    authorize(principal, "subsidy.approve")
    repo = SubsidyRepository(session)
    row = _claim(repo, claim_id, "approved")
    programme = repo.session.get(SubsidyProgramme, row.programme_id)
    assert programme is not None
    repo.lock_programme(programme.id)
    _fund(repo, programme).pay(row.amount)
    repo.add(
        SubsidyFundEntry(
            programme_id=programme.id,
            booked_on=on,
            kind="payment",
            amount=row.amount,
            claim_id=row.id,
            entered_by=principal.username,
        )
    )
    row.status = "paid"
    session.flush()
    return row


@dataclass(frozen=True)
class ProgrammeReport:
    programme: SubsidyProgramme
    fund: rules.Fund
    claims: list[SubsidyClaim]


def programme_report(
    session: Session,
    *,
    programme_code: str,
    principal: Principal | None = None,
    institution_code: str | None = None,
) -> ProgrammeReport:
    """A programme with its fund and claims: those ``principal`` reads (a bank: its own,
    ``tools.scope``), or, without a principal, every claim (of ``institution_code``) for the
    server operator's ``beizeng tools subsidy show``."""
    if principal is not None:
        authorize(principal, "tools.read")
    repo = SubsidyRepository(session)
    programme = _programme(repo, programme_code)
    claims = repo.claims(
        programme_id=programme.id, institution_code=institution_code, readable_by=principal
    )
    return ProgrammeReport(programme, _fund(repo, programme), list(claims))


def list_programmes(session: Session) -> list[SubsidyProgramme]:
    return list(SubsidyRepository(session).programmes())
