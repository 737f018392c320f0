"""JSON API of demands, replies, messages and the products matched to a demand (the clock's
supervision has its own)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from beizeng.access.principal import Principal
from beizeng.demand import service
from beizeng.demand.schemas import (
    ApproveBody,
    AssignBody,
    DemandCreate,
    DemandDetail,
    DemandEventRead,
    DemandPageRead,
    DemandRead,
    DisburseBody,
    MessageBody,
    MessageRead,
    NoteBody,
    RejectBody,
)
from beizeng.http.deps import Db, Id, Now, SettingsDep, allow
from beizeng.http.params import Filter

router = APIRouter(tags=["融资需求"])


def _detail(view: service.DemandView) -> DemandDetail:
    clock = view.clock
    return DemandDetail(
        demand=DemandRead.model_validate(view.demand),
        enterprise_name=view.enterprise.name,
        institution_code=view.institution.code if view.institution else None,
        workdays_left=clock.workdays_left if clock else None,
        overdue=bool(clock and (clock.overdue or clock.replied_late)),
        events=[DemandEventRead.model_validate(e) for e in view.events],
        messages=[MessageRead.model_validate(m) for m in view.messages],
    )


@router.get("/demands", response_model=DemandPageRead, summary="需求列表")
def list_demands(
    db: Db,
    actor: Annotated[Principal, allow("demand.read")],
    now: Now,
    status: Filter = None,
    scope: str | None = Query(default=None, pattern="^(open|mine)$"),
    overdue: bool = False,
    page: int = Query(default=1, ge=1, le=100000),
    per_page: int = Query(default=30, ge=1, le=100),
) -> DemandPageRead:
    """当前用户可见的融资需求（银行：本机构的和尚未被受理的公开需求）。"""
    result = service.list_demands(
        db,
        principal=actor,
        status=status,
        scope=scope,
        overdue=overdue,
        now=now,
        page=page,
        per_page=per_page,
    )
    return DemandPageRead(
        total=result.total,
        page=result.page,
        items=[DemandRead.model_validate(r.demand) for r in result.rows],
    )


@router.post("/demands", response_model=DemandRead, status_code=201, summary="发布需求")
def post_demand(
    db: Db,
    settings: SettingsDep,
    actor: Annotated[Principal, allow("demand.post")],
    now: Now,
    data: DemandCreate,
) -> DemandRead:
    return DemandRead.model_validate(
        service.post_demand(db, settings=settings, principal=actor, data=data, now=now)
    )


@router.get("/demands/{demand_id}", response_model=DemandDetail, summary="需求详情")
def get_demand(
    db: Db, actor: Annotated[Principal, allow("demand.read")], now: Now, demand_id: Id
) -> DemandDetail:
    return _detail(service.get_demand(db, principal=actor, demand_id=demand_id, now=now))


@router.post("/demands/{demand_id}/accept", response_model=DemandRead, summary="受理")
def accept(
    db: Db,
    settings: SettingsDep,
    actor: Annotated[Principal, allow("demand.reply")],
    now: Now,
    demand_id: Id,
) -> DemandRead:
    return DemandRead.model_validate(
        service.accept_demand(db, settings=settings, principal=actor, demand_id=demand_id, now=now)
    )


@router.post(
    "/demands/{demand_id}/approve",
    response_model=DemandRead,
    summary="审批通过",
)
def approve(
    db: Db,
    actor: Annotated[Principal, allow("demand.reply")],
    now: Now,
    demand_id: Id,
    body: ApproveBody,
) -> DemandRead:
    return DemandRead.model_validate(
        service.approve_demand(db, principal=actor, demand_id=demand_id, body=body, now=now)
    )


@router.post(
    "/demands/{demand_id}/reject",
    response_model=DemandRead,
    summary="审批未通过",
)
def reject(
    db: Db,
    actor: Annotated[Principal, allow("demand.reply")],
    now: Now,
    demand_id: Id,
    body: RejectBody,
) -> DemandRead:
    return DemandRead.model_validate(
        service.reject_demand(db, principal=actor, demand_id=demand_id, body=body, now=now)
    )


@router.post("/demands/{demand_id}/disburse", response_model=DemandRead, summary="放款")
def disburse(
    db: Db,
    actor: Annotated[Principal, allow("demand.reply")],
    now: Now,
    demand_id: Id,
    body: DisburseBody,
) -> DemandRead:
    return DemandRead.model_validate(
        service.disburse_demand(db, principal=actor, demand_id=demand_id, body=body, now=now)
    )


@router.post("/demands/{demand_id}/withdraw", response_model=DemandRead, summary="撤回")
def withdraw(
    db: Db,
    actor: Annotated[Principal, allow("demand.withdraw")],
    now: Now,
    demand_id: Id,
    body: NoteBody,
) -> DemandRead:
    return DemandRead.model_validate(
        service.withdraw_demand(db, principal=actor, demand_id=demand_id, note=body.note, now=now)
    )


@router.post("/demands/{demand_id}/assign", response_model=DemandRead, summary="指派")
def assign(
    db: Db,
    settings: SettingsDep,
    actor: Annotated[Principal, allow("demand.assign")],
    now: Now,
    demand_id: Id,
    body: AssignBody,
) -> DemandRead:
    demand = service.assign_demand(
        db,
        settings=settings,
        principal=actor,
        demand_id=demand_id,
        institution_code=body.institution_code,
        now=now,
    )
    return DemandRead.model_validate(demand)


@router.post(
    "/demands/{demand_id}/messages",
    response_model=MessageRead,
    status_code=201,
    summary="留言",
)
def message(
    db: Db,
    actor: Annotated[Principal, allow("demand.message")],
    now: Now,
    demand_id: Id,
    body: MessageBody,
) -> MessageRead:
    return MessageRead.model_validate(
        service.post_message(db, principal=actor, demand_id=demand_id, body=body, now=now)
    )


class MatchRead(BaseModel):
    product_id: Id
    product_name: str
    institution_name: str
    score: float
    explanation: str


@router.get("/demands/{demand_id}/matches", response_model=list[MatchRead], summary="匹配产品")
def matches(
    db: Db,
    actor: Annotated[Principal, allow("demand.read")],
    demand_id: Id,
    k: int = Query(default=10, ge=1, le=50),
) -> list[MatchRead]:
    """按匹配度排序的可申请产品，并说明符合与不符合之处。"""
    return [
        MatchRead(**vars(m))
        for m in service.matches_for_demand(db, principal=actor, demand_id=demand_id, k=k)
    ]
