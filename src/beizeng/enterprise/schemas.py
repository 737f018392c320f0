"""Pydantic models of enterprise registration and profile (typed text: ``kit.text``, no NUL or
blank values)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from beizeng.kit.text import Line, OptionalLine


class EnterpriseRegister(BaseModel):
    uscc: Line = Field(description="统一社会信用代码（18 位）", max_length=40)
    name: Line = Field(description="企业名称", min_length=2, max_length=120)
    legal_person: Line = Field(description="法定代表人（经营者）姓名", min_length=2, max_length=60)
    kind: Line = Field(
        default="enterprise",
        max_length=24,
        description="主体类型：enterprise 或 individual_business",
    )
    county_code: Line = Field(description="所在县区代码（GB/T 2260）", max_length=6)
    industry_code: OptionalLine | None = Field(
        default=None, description="行业代码（GB/T 4754-2017）", max_length=8
    )
    contact_phone: OptionalLine | None = Field(default=None, max_length=20)
    username: Line = Field(description="登录用户名", max_length=64)
    password: str = Field(description="登录密码", max_length=200)


class EnterpriseProfile(BaseModel):
    industry_code: OptionalLine | None = Field(default=None, max_length=8)
    county_code: OptionalLine | None = Field(default=None, max_length=6)
    employees: int | None = Field(default=None, ge=0, le=10_000_000)
    revenue_wan: Decimal | None = Field(
        default=None, ge=0, le=Decimal("1e12"), description="营业收入（万元）"
    )
    assets_wan: Decimal | None = Field(
        default=None, ge=0, le=Decimal("1e12"), description="资产总额（万元）"
    )
    contact_phone: OptionalLine | None = Field(default=None, max_length=20)


class EnterpriseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    uscc: str
    name: str
    legal_person: str
    kind: str
    industry_code: str | None
    county_code: str | None
    employees: int | None
    revenue_wan: Decimal | None
    assets_wan: Decimal | None
    size: str | None
    size_rule: str | None
