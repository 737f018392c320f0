"""The tools' JSON contracts for a bank's (or guarantor's) system (issue 13 point 2): what it
sends to apply, claim or confirm, and what it reads back. Money is yuan with two decimals
(a string in JSON), rates are fractions; every bound is checked before conversion."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from beizeng.kit.text import Line, OptionalLine

Yuan = Annotated[Decimal, Field(gt=0, le=Decimal("1e12"), decimal_places=2)]
ProgrammeKey = Literal["relending_agri", "relending_smb", "carbon", "coal"]
TermKey = Literal["3m", "6m", "1y"]


class LoanLine(BaseModel):
    """One loan of the bank's current ledger claimed in a batch."""

    loan_id: Annotated[Line, Field(max_length=64, description="借据编号")]
    balance: Yuan | None = Field(
        default=None, description="申报余额（元）；省略时取本行现行台账余额"
    )
    project_category: Annotated[OptionalLine, Field(max_length=32)] | None = Field(
        default=None, description="项目类别（碳减排支持工具）"
    )
    emission_reduction_t: Decimal | None = Field(
        default=None, ge=0, le=Decimal("1e12"), decimal_places=4, description="碳减排量（吨）"
    )


class RelendingApply(BaseModel):
    """A bank's relending application: the programme, the draw term and its loans."""

    model_config = ConfigDict(extra="forbid")

    programme: ProgrammeKey = Field(description="项目：支农、支小再贷款，碳减排，煤炭专项")
    term: TermKey = Field(description="借款期限")
    loans: list[LoanLine] = Field(min_length=1, max_length=500, description="申报的贷款")


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    loan_id: str
    borrower_name: str
    balance: Decimal
    interest_rate: Decimal
    eligible: bool
    reasons: str | None = Field(description="不合格原因（合格时为空）")
    amount: Decimal = Field(description="支持金额（元）")


class RepaymentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    repaid_on: date
    amount: Decimal
    entered_by: str


class BatchRead(BaseModel):
    """A relending batch as its bank (or pboc) reads it: review, draw, repayments, maturity."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    programme: str
    institution_code: str
    period: str = Field(description="所依据的台账期间")
    term: str
    status: str = Field(
        description="submitted 待初审，pending 待审批，approved 已发放，rejected 已退回，repaid 已收回"
    )
    applied_on: date
    eligible_amount: Decimal
    rate: Decimal
    draw_date: date | None
    maturity_date: date | None
    outstanding: Decimal
    rollovers: int
    entered_by: str
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str | None
    approved_by: str | None
    note: str | None
    items: list[ItemRead]
    repayments: list[RepaymentRead]


class VerdictRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    loan_id: str
    borrower_name: str
    balance: Decimal
    interest_rate: Decimal
    maturity_date: date
    eligible: bool
    reasons: list[str]
    amount: Decimal


class EligibilityRead(BaseModel):
    """Each loan of the bank's current ledger judged against a programme."""

    programme: str
    term: str
    period: str
    eligible_amount: Decimal
    loans: list[VerdictRead]


class BillLine(BaseModel):
    """One commercial bill a bank asks to rediscount."""

    bill_no: Annotated[Line, Field(max_length=40, description="票据号码")]
    drawer: Annotated[Line, Field(max_length=120, description="出票人")]
    acceptor: Annotated[Line, Field(max_length=120, description="承兑人")]
    amount: Yuan = Field(description="票面金额（元）")
    maturity_date: date = Field(description="到期日")
    green: bool = Field(default=False, description="绿色票据（绿票通优先）")


class RediscountApply(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bills: list[BillLine] = Field(min_length=1, max_length=500)


class BillRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    institution_code: str
    bill_no: str
    drawer: str
    acceptor: str
    amount: Decimal
    maturity_date: date
    green: bool
    applied_on: date
    status: str = Field(description="pending 排队中，discounted 已贴现")
    discount_date: date | None
    interest: Decimal | None
    entered_by: str
    approved_by: str | None


class ClaimApply(BaseModel):
    """A bank's claim on a subsidy or risk-compensation programme for one of its ledger loans."""

    model_config = ConfigDict(extra="forbid")

    programme_code: Annotated[Line, Field(max_length=32, description="补贴项目代码")]
    loan_id: Annotated[Line, Field(max_length=64, description="借据编号")]
    days: int | None = Field(default=None, ge=1, le=366, description="贴息天数（贴息项目）")
    loss: Yuan | None = Field(default=None, description="损失金额（元，风险补偿项目）")


class ClaimRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    institution_code: str
    period: str
    loan_id: str
    borrower_name: str
    principal: Decimal
    rate: Decimal
    days: int
    amount: Decimal
    status: str = Field(
        description="filed 待初审，entered 待审批，approved 已审批，paid 已拨付，rejected 已驳回"
    )
    entered_by: str
    reviewed_by: str | None
    approved_by: str | None
    note: str | None


class StatementLineRead(BaseModel):
    quarter: str
    rate: Decimal
    institution_code: str
    opening: Decimal
    closing: Decimal
    increase: Decimal
    amount: Decimal
    confirmed_by: str | None
    confirmed_at: datetime | None


class ConfirmBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Annotated[OptionalLine, Field(max_length=300, description="备注")] = ""


class NetAssetsBody(BaseModel):
    as_of: date = Field(ge=date(2000, 1, 1), le=date(2100, 12, 31), description="报告日")
    net_assets: Yuan = Field(description="净资产（元）")


class GuaranteedLoanBody(BaseModel):
    institution_code: str = Field(min_length=1, max_length=32, description="贷款银行代码")
    loan_id: str = Field(min_length=1, max_length=64, description="借据编号")
    start: date = Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))
    end: date = Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))
    amount: Yuan | None = Field(default=None, description="担保金额（元）；省略时取台账余额")


class GuaranteedLoanRead(BaseModel):
    id: int
    loan_id: str
    borrower_name: str
    amount: Decimal
    start_date: date
    end_date: date
    fee: Decimal
    fee_subsidy: Decimal
    status: str


class LossBody(BaseModel):
    loss: Yuan = Field(description="损失金额（元）")
    paid_on: date = Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))


class RecoveryBody(BaseModel):
    amount: Yuan = Field(description="追回金额（元）")


class CompensationRead(BaseModel):
    loss: Decimal
    agency_part: Decimal
    bank_part: Decimal
    recovered: Decimal


class LeveragePointRead(BaseModel):
    on: date
    balance: Decimal = Field(description="在保余额（元）")
    net_assets: Decimal | None = Field(description="净资产（元）")
    leverage: Decimal | None = Field(description="放大倍数")
    cap: Decimal = Field(description="上限（倍）")
