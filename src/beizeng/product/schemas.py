"""Pydantic models of products and the four lists (API bodies and responses).

Free text is ``kit.text`` (no NUL, no blank); the form's 万元 and percent carry the decimal
places the API's 元 and decimal rate hold, so the conversion never rounds a bound to 0
(finding 6).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from beizeng.kit.stamps import UtcStamp
from beizeng.kit.text import Line, OptionalText, Text


class ProductTerms(BaseModel):
    """Everything a product promises; each change of these is a new version."""

    name: Line = Field(min_length=2, max_length=120, description="产品名称")
    kind: Line = Field(
        max_length=24,
        description="产品类型：credit_loan、secured_loan、supply_chain、bill、guarantee、insurance",
    )
    entity_kinds: list[Annotated[Line, Field(max_length=24)]] = Field(
        default_factory=list,
        max_length=2,
        description="适用主体：enterprise、individual_business；空为不限",
    )
    sizes: list[Annotated[Line, Field(max_length=24)]] = Field(
        default_factory=list,
        max_length=4,
        description="适用企业规模：large、medium、small、micro；空为不限",
    )
    industries: list[Annotated[Line, Field(max_length=24)]] = Field(
        default_factory=list,
        max_length=21,
        description="适用行业门类字母（GB/T 4754-2017）；空为不限",
    )
    counties: list[Annotated[Line, Field(max_length=24)]] = Field(
        default_factory=list, max_length=13, description="适用县区代码；空为全市"
    )
    guarantee_types: list[Annotated[Line, Field(max_length=24)]] = Field(
        min_length=1,
        max_length=4,
        description="可接受的担保方式：credit、guarantee、mortgage、pledge",
    )
    min_amount: Decimal = Field(
        gt=0, le=Decimal("1e12"), decimal_places=2, description="金额下限（元）"
    )
    max_amount: Decimal = Field(
        gt=0, le=Decimal("1e12"), decimal_places=2, description="金额上限（元）"
    )
    min_term_months: int = Field(ge=1, le=360)
    max_term_months: int = Field(ge=1, le=360)
    rate_min: Decimal = Field(gt=0, le=1, decimal_places=6, description="年利率下限（小数）")
    rate_max: Decimal = Field(gt=0, le=1, decimal_places=6, description="年利率上限（小数）")
    documents: OptionalText = Field(default="", max_length=4000, description="所需资料")
    process: OptionalText = Field(default="", max_length=4000, description="办理流程")
    reply_days: int = Field(default=5, ge=1, le=30, description="承诺回复时间（工作日）")
    description: OptionalText = Field(default="", max_length=4000)


class ProductRead(ProductTerms):
    model_config = ConfigDict(from_attributes=True)

    id: int
    institution_id: int
    status: str
    version: int
    updated_at: UtcStamp


class ProductVersionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    valid_from: UtcStamp
    actor: str
    terms: dict[str, object]


class FourListWrite(BaseModel):
    body: Text = Field(min_length=1, max_length=20000, description="清单内容，每行一条")
    reply_days: int | None = Field(
        default=None, ge=1, le=30, description="受理回复清单的承诺回复时限（工作日）"
    )


class FourListRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str
    version: int
    valid_from: UtcStamp
    body: str
    reply_days: int | None


class ProductForm(BaseModel):
    """The HTML form: amounts in 万元 and rates in percent, as bank staff write them."""

    name: Line = Field(min_length=2, max_length=120)
    kind: Line = Field(max_length=24)
    entity_kinds: list[Annotated[Line, Field(max_length=24)]] = Field(default_factory=list)
    sizes: list[Annotated[Line, Field(max_length=24)]] = Field(default_factory=list)
    industries: OptionalText = Field(default="", max_length=100, description="门类字母，逗号分隔")
    counties: list[Annotated[Line, Field(max_length=24)]] = Field(default_factory=list)
    guarantee_types: list[Annotated[Line, Field(max_length=24)]] = Field(default_factory=list)
    min_amount_wan: Decimal = Field(gt=0, le=Decimal("1e8"), decimal_places=6)
    max_amount_wan: Decimal = Field(gt=0, le=Decimal("1e8"), decimal_places=6)
    min_term_months: int = Field(ge=1, le=360)
    max_term_months: int = Field(ge=1, le=360)
    rate_min_percent: Decimal = Field(gt=0, le=36, decimal_places=4)
    rate_max_percent: Decimal = Field(gt=0, le=36, decimal_places=4)
    documents: OptionalText = Field(default="", max_length=4000)
    process: OptionalText = Field(default="", max_length=4000)
    reply_days: int = Field(default=5, ge=1, le=30)
    description: OptionalText = Field(default="", max_length=4000)

    def to_terms(self) -> ProductTerms:
        wan, pct = Decimal(10000), Decimal(100)
        return ProductTerms(
            name=self.name,
            kind=self.kind,
            entity_kinds=self.entity_kinds,
            sizes=self.sizes,
            industries=[
                s.strip().upper()
                for s in self.industries.replace("，", ",").split(",")
                if s.strip()
            ],
            counties=self.counties,
            guarantee_types=self.guarantee_types or ["credit"],
            min_amount=(self.min_amount_wan * wan).quantize(Decimal("0.01")),
            max_amount=(self.max_amount_wan * wan).quantize(Decimal("0.01")),
            min_term_months=self.min_term_months,
            max_term_months=self.max_term_months,
            rate_min=(self.rate_min_percent / pct).quantize(Decimal("0.000001")),
            rate_max=(self.rate_max_percent / pct).quantize(Decimal("0.000001")),
            documents=self.documents,
            process=self.process,
            reply_days=self.reply_days,
            description=self.description,
        )
