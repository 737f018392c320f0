"""JSON API of the notices' follow-up for banks' systems (token scopes ``notices:read`` and
``notices:write``): list the notices to the institution, acknowledge one, file measures."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Id, Now, SettingsDep, allow
from beizeng.kit.stamps import UtcStamp
from beizeng.kit.text import Text
from beizeng.notice import rules, service

router = APIRouter(tags=["监测通报"])


class NoticeRead(BaseModel):
    id: int
    period: str = Field(description="评估期（月末）YYYY-MM")
    number: str | None = Field(description="督导通报文号")
    institution_code: str
    institution_name: str
    recipient: str | None = Field(
        description="本机构是被通报机构（institution）还是其上级管理行（superior）"
    )
    targets: list[str] = Field(description="未达标的目标")
    issued_on: date | None
    deadline: date | None = Field(description="整改措施报送截止日")
    acknowledged_at: UtcStamp | None
    letter_acknowledged_at: UtcStamp | None
    measures_filed_at: UtcStamp | None
    stage: str = Field(description="unacknowledged | acknowledged | filed | filed_late | overdue")
    stage_name: str


class MeasuresBody(BaseModel):
    text: Annotated[Text, Field(max_length=rules.MAX_MEASURE_CHARS, description="整改措施")]


class MeasuresRead(BaseModel):
    id: int
    notice_id: int
    text: str
    filed_by: str
    filed_at: UtcStamp


def _read(view: service.NoticeView) -> NoticeRead:
    n = view.notice
    return NoticeRead(
        id=n.id,
        period=n.period,
        number=n.number,
        institution_code=view.institution.code,
        institution_name=view.institution.name,
        recipient=view.recipient,
        targets=list(n.targets),
        issued_on=n.issued_on,
        deadline=n.deadline,
        acknowledged_at=n.acknowledged_at,
        letter_acknowledged_at=n.letter_acknowledged_at,
        measures_filed_at=view.filed_at,
        stage=view.stage,
        stage_name=view.stage_name,
    )


@router.get("/notices", response_model=list[NoticeRead], summary="本机构收到的监测通报")
def list_notices(
    db: Db, actor: Annotated[Principal, allow("notice.read")], now: Now
) -> list[NoticeRead]:
    """发给本机构的督导通报，以及本机构作为上级管理行收到的商请督促函，含签收与整改进度。"""
    return [_read(v) for v in service.my_notices(db, principal=actor, now=now)]


@router.post("/notices/{notice_id}/acknowledge", response_model=NoticeRead, summary="签收监测通报")
def acknowledge(
    db: Db, actor: Annotated[Principal, allow("notice.acknowledge")], now: Now, notice_id: Id
) -> NoticeRead:
    """签收督导通报（上级管理行签收函件）；重复签收返回 409，不作任何改动。"""
    return _read(service.acknowledge(db, principal=actor, notice_id=notice_id, now=now))


@router.post(
    "/notices/{notice_id}/measures",
    response_model=MeasuresRead,
    status_code=201,
    summary="报送整改措施",
)
def file_measures(
    db: Db,
    actor: Annotated[Principal, allow("notice.rectify")],
    settings: SettingsDep,
    now: Now,
    notice_id: Id,
    body: MeasuresBody,
) -> MeasuresRead:
    """被通报机构报送整改措施（文字；附件请在平台网页上传）；须先签收，其他机构不能代报。"""
    measure = service.file_measures(
        db, principal=actor, notice_id=notice_id, text=body.text, settings=settings, now=now
    )
    return MeasuresRead.model_validate(measure, from_attributes=True)
