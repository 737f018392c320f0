"""JSON API of notifications: a bank's system reads what its user's inbox holds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, allow
from beizeng.kit.stamps import UtcStamp
from beizeng.notification import service

router = APIRouter(tags=["通知"])


class NotificationRead(BaseModel):
    id: int
    kind: str
    title: str
    link: str
    created_at: UtcStamp
    read_at: UtcStamp | None


@router.get("/notifications", response_model=list[NotificationRead], summary="通知列表")
def notifications(
    db: Db,
    actor: Annotated[Principal, allow("inbox.read")],
    unread: Annotated[bool, Query(description="只列未读")] = False,
) -> list[NotificationRead]:
    """当前用户的通知（最新的 100 条）：新需求指派、受理时限明日到期、台账未报送、收到通报、整改到期、待审批。"""
    return [
        NotificationRead.model_validate(n, from_attributes=True)
        for n in service.inbox(db, principal=actor, unread_only=unread)
    ]
