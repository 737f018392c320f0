"""JSON API of accounts: who am I (for bank systems checking their token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel

from beizeng.access.principal import Principal
from beizeng.http.deps import allow

router = APIRouter(tags=["账户"])


class MeRead(BaseModel):
    username: str
    display_name: str
    role: str
    institution_code: str | None
    county_code: str | None
    scopes: list[str] | None


@router.get("/me", response_model=MeRead, summary="当前用户")
def me(actor: Annotated[Principal, allow("account.me")]) -> MeRead:
    """当前令牌或会话所代表的用户及其权限范围。"""
    return MeRead(
        username=actor.username,
        display_name=actor.display_name,
        role=actor.role,
        institution_code=actor.institution_code,
        county_code=actor.county_code,
        scopes=sorted(actor.scopes) if actor.scopes is not None else None,
    )
