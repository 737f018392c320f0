"""JSON API of the reply clock's supervision: late replies per bank in a month."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from beizeng.access.principal import Principal
from beizeng.deadline import service
from beizeng.http.deps import Db, Now, allow
from beizeng.kit.clock import china_date
from beizeng.kit.periods import Period

router = APIRouter(tags=["融资需求"])


class OverdueRead(BaseModel):
    period: str
    counts: dict[str, int]


@router.get("/supervision/overdue", response_model=OverdueRead, summary="各行逾期回复数")
def overdue(
    db: Db,
    actor: Annotated[Principal, allow("supervision.read")],
    now: Now,
    period: str | None = Query(default=None, max_length=7),
) -> OverdueRead:
    """人民银行：某月（默认本月）到期的需求中逾期回复的数量，按银行统计（县支行只看本县区）。"""
    p = Period.parse(period) if period else Period.of(china_date(now))
    return OverdueRead(
        period=str(p),
        counts=service.overdue_counts(
            db, p, today=min(china_date(now), p.end), county=actor.supervised_county
        ),
    )
