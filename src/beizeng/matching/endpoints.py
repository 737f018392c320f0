"""JSON API of matching: the products that fit a demand, with why (C-4.4.2)."""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import BaseModel

from beizeng.http.deps import Actor, Db, Id
from beizeng.matching import service

router = APIRouter(tags=["融资需求"])


class MatchRead(BaseModel):
    product_id: Id
    product_name: str
    institution_name: str
    score: float
    explanation: str


@router.get("/demands/{demand_id}/matches", response_model=list[MatchRead], summary="匹配产品")
def matches(
    db: Db, actor: Actor, demand_id: Id, k: int = Query(default=10, ge=1, le=50)
) -> list[MatchRead]:
    """按匹配度排序的可申请产品，并说明符合与不符合之处。"""
    return [
        MatchRead(**vars(m))
        for m in service.matches_for_demand(db, principal=actor, demand_id=demand_id, k=k)
    ]
