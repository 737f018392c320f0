"""Pydantic models of demands, replies and messages.

Free text is ``kit.text`` (no NUL, no blank); the forms' 万元 and percent carry as many decimal
places as the API's 元 and decimal rate can hold (0.000001 万元 = 0.01 元, 0.0001 % = 0.000001),
so converting a form never loses a digit nor turns a tiny positive amount into 0 (finding 6).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from beizeng.kit.stamps import UtcStamp
from beizeng.kit.text import Line, OptionalLine, OptionalText, Text


class DemandCreate(BaseModel):
    amount: Decimal = Field(
        gt=0, le=Decimal("1e11"), decimal_places=2, description="申请金额（元）"
    )
    term_months: int = Field(ge=1, le=360, description="期限（月）")
    purpose: Text = Field(min_length=2, max_length=2000, description="资金用途")
    guarantee_offered: Line = Field(
        max_length=16, description="可提供的担保方式：credit、guarantee、mortgage、pledge"
    )
    county_code: OptionalLine | None = Field(
        default=None, max_length=6, description="融资所在县区，默认企业所在县区"
    )
    product_id: int | None = Field(
        default=None, ge=1, description="申请的产品；为空则发布为公开需求"
    )


class AssignBody(BaseModel):
    institution_code: Line = Field(max_length=32, description="指派给的银行机构代码")


class ApproveBody(BaseModel):
    amount: Decimal = Field(
        gt=0, le=Decimal("1e11"), decimal_places=2, description="授信金额（元）"
    )
    rate: Decimal = Field(gt=0, le=Decimal("0.36"), decimal_places=6, description="年利率（小数）")
    term_months: int = Field(ge=1, le=360)
    note: OptionalText | None = Field(default=None, max_length=2000)


class RejectBody(BaseModel):
    reason: Line = Field(max_length=32, description="原因代码")
    note: OptionalText = Field(default="", max_length=2000, description="补充说明（向企业展示）")


class DisburseBody(BaseModel):
    loan_id: Line = Field(min_length=1, max_length=64, description="借据号")


class NoteBody(BaseModel):
    note: OptionalText = Field(default="", max_length=2000)


class MessageBody(BaseModel):
    body: Text = Field(min_length=1, max_length=4000)


class DemandRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    status: str
    channel: str
    enterprise_id: int
    product_id: int | None
    institution_id: int | None
    county_code: str
    amount: Decimal
    term_months: int
    purpose: str
    guarantee_offered: str
    submitted_at: UtcStamp
    accepted_at: UtcStamp | None
    replied_at: UtcStamp | None
    deadline: date | None
    deadline_provisional: bool = Field(
        description="回复期限是否暂定：期限所跨年份的国务院节假日安排尚未载入，暂按周末计算"
    )
    approved_amount: Decimal | None
    approved_rate: Decimal | None
    approved_term_months: int | None
    reject_reason: str | None
    reject_note: str | None
    loan_id: str | None


class DemandEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: UtcStamp
    actor_name: str
    action: str
    status: str
    note: str | None


class MessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: UtcStamp
    author_name: str
    side: str
    body: str


class DemandDetail(BaseModel):
    demand: DemandRead
    enterprise_name: str
    institution_code: str | None
    workdays_left: int | None
    overdue: bool
    events: list[DemandEventRead]
    messages: list[MessageRead]


class DemandPageRead(BaseModel):
    total: int
    page: int
    items: list[DemandRead]


_WAN = Decimal(10000)


class DemandForm(BaseModel):
    """The HTML form: the amount in 万元."""

    amount_wan: Decimal = Field(
        gt=0, le=Decimal("1e7"), decimal_places=6, description="申请金额（万元）"
    )
    term_months: int = Field(ge=1, le=360)
    purpose: Text = Field(min_length=2, max_length=2000)
    guarantee_offered: Line = Field(max_length=16)
    county_code: OptionalLine | None = Field(default=None, max_length=6)
    product_id: int | None = Field(default=None, ge=1, le=2_147_483_647)

    def to_create(self) -> DemandCreate:
        return DemandCreate(
            amount=(self.amount_wan * _WAN).quantize(Decimal("0.01")),
            term_months=self.term_months,
            purpose=self.purpose,
            guarantee_offered=self.guarantee_offered,
            county_code=self.county_code or None,
            product_id=self.product_id,
        )


class ApproveForm(BaseModel):
    amount_wan: Decimal = Field(gt=0, le=Decimal("1e7"), decimal_places=6)
    rate_percent: Decimal = Field(gt=0, le=36, decimal_places=4)
    term_months: int = Field(ge=1, le=360)
    note: OptionalText | None = Field(default=None, max_length=2000)

    def to_body(self) -> ApproveBody:
        return ApproveBody(
            amount=(self.amount_wan * _WAN).quantize(Decimal("0.01")),
            rate=(self.rate_percent / 100).quantize(Decimal("0.000001")),
            term_months=self.term_months,
            note=self.note,
        )
