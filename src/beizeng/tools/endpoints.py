"""JSON API of the policy tools for a bank's (or guarantor's) system (issue 13 point 2): every
capability of the web pages — apply for relending and rediscount, file subsidy claims, confirm
support-tool statements, record guarantees — with a token of scope ``tools:write``, and read
everything back with ``tools:read``. Decisions on money stay in the web (people with a second
factor). Each route declares its action; the use cases ask the policy again."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Id, Now, SettingsDep, allow
from beizeng.kit.clock import china_date
from beizeng.kit.periods import Quarter
from beizeng.tools.guarantee import desk
from beizeng.tools.rediscount import service as rediscount
from beizeng.tools.rediscount.service import BillInput
from beizeng.tools.relending import applications
from beizeng.tools.relending import service as relending
from beizeng.tools.relending.rules import ClaimLine
from beizeng.tools.schemas import (
    BatchRead,
    BillRead,
    ClaimApply,
    ClaimRead,
    CompensationRead,
    ConfirmBody,
    EligibilityRead,
    GuaranteedLoanBody,
    GuaranteedLoanRead,
    LeveragePointRead,
    LossBody,
    NetAssetsBody,
    RecoveryBody,
    RediscountApply,
    RelendingApply,
    StatementLineRead,
    VerdictRead,
)
from beizeng.tools.subsidy import service as subsidy
from beizeng.tools.supporttool import service as supporttool

router = APIRouter(tags=["政策工具"])

QuarterText = Annotated[str, Path(pattern=r"^\d{4}Q[1-4]$", description="季度，如 2022Q2")]


def _batch(view: relending.BatchView) -> BatchRead:
    return BatchRead.model_validate(view)


@router.get("/relending/batches", response_model=list[BatchRead], summary="再贷款申请列表")
def list_batches(db: Db, actor: Annotated[Principal, allow("tools.read")]) -> list[BatchRead]:
    """本机构的再贷款申请（人民银行、政府部门：全部），含初审、发放、还款与到期日。"""
    return [_batch(b) for b in relending.list_batches(db, principal=actor)]


@router.get("/relending/batches/{batch_id}", response_model=BatchRead, summary="再贷款申请详情")
def get_batch(db: Db, actor: Annotated[Principal, allow("tools.read")], batch_id: Id) -> BatchRead:
    return _batch(relending.batch_view(db, principal=actor, batch_id=batch_id))


@router.get("/relending/eligibility", response_model=EligibilityRead, summary="逐笔检查合格性")
def eligibility(
    db: Db,
    actor: Annotated[Principal, allow("relending.apply")],
    now: Now,
    programme: Annotated[str, Query(pattern="^(relending_agri|relending_smb|carbon|coal)$")],
    term: Annotated[str, Query(pattern="^(3m|6m|1y)$")] = "1y",
) -> EligibilityRead:
    """本行现行台账中每笔贷款对所选项目是否合格及原因（不登记任何内容）。"""
    view = applications.preview(
        db, principal=actor, programme=programme, term=term, on=china_date(now)
    )
    return EligibilityRead(
        programme=view.programme,
        term=view.term,
        period=str(view.period),
        eligible_amount=view.eligible_amount,
        loans=[VerdictRead.model_validate(v) for v in view.verdicts],
    )


@router.post("/relending/batches", response_model=BatchRead, status_code=201, summary="申请再贷款")
def apply_relending(
    db: Db,
    actor: Annotated[Principal, allow("relending.apply")],
    now: Now,
    settings: SettingsDep,
    body: RelendingApply,
) -> BatchRead:
    """以本行现行台账中的贷款申请再贷款：逐笔判定合格性，待人民银行初审、复核审批。
    任何一笔不在本行台账中（如其他机构的贷款）、重复申报或超出额度，整批退回，不登记。"""
    picked = applications.picked_lines(
        db, principal=actor, loan_ids=[line.loan_id for line in body.loans]
    )
    lines = [
        ClaimLine(
            row=p.row,
            loan_id=p.loan_id,
            balance=p.balance if line.balance is None else line.balance,
            project_category=line.project_category or None,
            emission_reduction_t=line.emission_reduction_t,
        )
        for p, line in zip(picked, body.loans, strict=True)
    ]
    view = applications.apply(
        db,
        principal=actor,
        programme=body.programme,
        term=body.term,
        lines=lines,
        applied_on=china_date(now),
        settings=settings,
        now=now,
        file="请求",
    )
    return _batch(view)


@router.get("/rediscount/bills", response_model=list[BillRead], summary="再贴现票据列表")
def list_bills(db: Db, actor: Annotated[Principal, allow("tools.read")]) -> list[BillRead]:
    return [BillRead.model_validate(b) for b in rediscount.list_bills(db, principal=actor)]


@router.post(
    "/rediscount/bills", response_model=list[BillRead], status_code=201, summary="申请再贴现"
)
def apply_rediscount(
    db: Db,
    actor: Annotated[Principal, allow("rediscount.apply")],
    now: Now,
    settings: SettingsDep,
    body: RediscountApply,
) -> list[BillRead]:
    """本行票据排队待办理（绿色票据优先）；任何一张有问题，整单退回，不登记。"""
    bills = [
        BillInput(n, b.bill_no, b.drawer, b.acceptor, b.amount, b.maturity_date, b.green)
        for n, b in enumerate(body.bills, start=1)
    ]
    rows = rediscount.apply_own_bills(
        db,
        principal=actor,
        bills=bills,
        applied_on=china_date(now),
        settings=settings,
        now=now,
        file="请求",
    )
    return [BillRead.model_validate(r) for r in rows]


@router.get("/subsidy/claims", response_model=list[ClaimRead], summary="贴息与风险补偿申请列表")
def list_claims(db: Db, actor: Annotated[Principal, allow("tools.read")]) -> list[ClaimRead]:
    return [
        ClaimRead.model_validate(c)
        for p in subsidy.list_programmes(db)
        for c in subsidy.programme_report(db, programme_code=p.code, principal=actor).claims
    ]


@router.post(
    "/subsidy/claims", response_model=ClaimRead, status_code=201, summary="申报贴息与风险补偿"
)
def file_claim(
    db: Db,
    actor: Annotated[Principal, allow("subsidy.claim")],
    now: Now,
    settings: SettingsDep,
    body: ClaimApply,
) -> ClaimRead:
    """以本行现行台账中的一笔贷款申报；由项目主管部门一人初审、另一人审批。"""
    row = subsidy.file_claim(
        db,
        principal=actor,
        programme_code=body.programme_code,
        loan_id=body.loan_id,
        days=body.days or 0,
        loss=body.loss,
        settings=settings,
        now=now,
    )
    return ClaimRead.model_validate(row)


def _line(c: supporttool.ConfirmableLine) -> StatementLineRead:
    return StatementLineRead(
        quarter=c.quarter,
        rate=c.rate,
        institution_code=c.line.institution,
        opening=c.line.opening,
        closing=c.line.closing,
        increase=c.line.increase,
        amount=c.line.amount,
        confirmed_by=c.confirmed_by,
        confirmed_at=c.confirmed_at,
    )


@router.get("/support-tool/lines", response_model=list[StatementLineRead], summary="支持工具核算表")
def support_lines(
    db: Db, actor: Annotated[Principal, allow("tools.read")]
) -> list[StatementLineRead]:
    """每季度最新核算表中本行的记录及确认情况（人民银行、政府部门：每家银行）。"""
    return [_line(c) for c in supporttool.lines_for(db, principal=actor)]


@router.post(
    "/support-tool/{quarter}/confirm", response_model=StatementLineRead, summary="确认核算表"
)
def confirm_statement(
    db: Db,
    actor: Annotated[Principal, allow("supporttool.confirm")],
    now: Now,
    quarter: QuarterText,
    body: ConfirmBody,
) -> StatementLineRead:
    line = supporttool.confirm(
        db, principal=actor, quarter=Quarter.parse(quarter), note=body.note, now=now
    )
    return _line(line)


@router.post("/guarantee/net-assets", status_code=201, summary="报告净资产")
def net_assets(
    db: Db, actor: Annotated[Principal, allow("guarantee.record")], body: NetAssetsBody
) -> dict[str, str]:
    row = desk.record_net_assets(db, principal=actor, as_of=body.as_of, net_assets=body.net_assets)
    return {"as_of": row.as_of.isoformat(), "net_assets": str(row.net_assets)}


@router.post(
    "/guarantee/loans", response_model=GuaranteedLoanRead, status_code=201, summary="登记担保贷款"
)
def guaranteed_loan(
    db: Db, actor: Annotated[Principal, allow("guarantee.record")], body: GuaranteedLoanBody
) -> GuaranteedLoanRead:
    row = desk.record_loan(
        db,
        principal=actor,
        institution_code=body.institution_code,
        loan_id=body.loan_id,
        start=body.start,
        end=body.end,
        amount=body.amount,
    )
    return GuaranteedLoanRead.model_validate(row, from_attributes=True)


@router.post(
    "/guarantee/loans/{loan_id}/compensation",
    response_model=CompensationRead,
    status_code=201,
    summary="登记代偿",
)
def compensation(
    db: Db, actor: Annotated[Principal, allow("guarantee.record")], loan_id: Id, body: LossBody
) -> CompensationRead:
    row = desk.record_compensation(
        db, principal=actor, guaranteed_loan_id=loan_id, loss=body.loss, paid_on=body.paid_on
    )
    return CompensationRead.model_validate(row, from_attributes=True)


@router.post(
    "/guarantee/loans/{loan_id}/recovery", response_model=CompensationRead, summary="登记追偿"
)
def recovery(
    db: Db, actor: Annotated[Principal, allow("guarantee.record")], loan_id: Id, body: RecoveryBody
) -> CompensationRead:
    row = desk.record_recovery(db, principal=actor, guaranteed_loan_id=loan_id, amount=body.amount)
    return CompensationRead.model_validate(row, from_attributes=True)


@router.get(
    "/guarantee/{code}/leverage",
    response_model=list[LeveragePointRead],
    summary="担保放大倍数（近12个月）",
)
def leverage(
    db: Db,
    actor: Annotated[Principal, allow("tools.read")],
    now: Now,
    code: Annotated[str, Path(min_length=1, max_length=32, description="担保机构代码")],
) -> list[LeveragePointRead]:
    """担保机构：本机构；人民银行、政府部门：任一机构。"""
    book = desk.agency_book(db, principal=actor, code=code, on=china_date(now))
    return [LeveragePointRead.model_validate(p, from_attributes=True) for p in book.leverage]
