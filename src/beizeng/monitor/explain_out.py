"""The JSON shape of an explanation, shared by ``beizeng monitor explain --format json`` and
``GET /api/monitor/explain`` (issue 14 point 3, the contract kept exact).

``{"period","metric","subject","value","rows":[{"institution","submission_id","loan_id",
"borrower_id","balance","reasons"}]}``: money as strings with two decimals (``kit.money``), counts
as integers, rates and other quotients as decimal strings; the extra keys (names, unit, versions,
composition, a ratio's terms) are additions the contract allows.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from beizeng.kit.money import yuan_str
from beizeng.monitor.explained import Explanation, Row
from beizeng.monitor.measured import Measured
from beizeng.monitor.metrics import REGISTRY, UNIT_NAMES

Number = str | int | None

COUNT_UNITS = ("count", "item", "application")


def number(value: Decimal | None, unit: str) -> Number:
    """A value in the contract's form for its metric unit."""
    if value is None:
        return None
    if unit == "yuan":
        return yuan_str(value)
    if unit in COUNT_UNITS:
        return int(value)
    return format(value.normalize(), "f")


class SourceOut(BaseModel):
    institution_code: str = Field(description="机构代码")
    institution: str = Field(description="机构简称")
    submission_id: str | None = Field(description="报送记录编号")
    version: int | None = Field(description="报送版本：1 为首次报送，2 为第一次重报……")


class RowOut(BaseModel):
    institution: str = Field(description="机构简称（一户借款人在多家机构有贷款时以「、」连接）")
    institution_code: str = Field(description="机构代码")
    submission_id: str | None = Field(description="台账（或统计、平台记录）的报送记录编号")
    version: int | None = Field(description="报送版本")
    loan_id: str | None = Field(description="借据编号（户数指标为该户计入的各笔借据）")
    borrower_id: str | None = Field(description="借款人证件号码（居民身份证号码已脱敏）")
    borrower_name: str | None = Field(description="借款人名称")
    county: str | None = Field(description="县（市、区）")
    balance: Number = Field(description="余额（元，两位小数）或统计值")
    reasons: str = Field(description="计入该指标的原因")
    sources: list[SourceOut] = Field(description="来源报送记录")


class PartOut(BaseModel):
    code: str
    name: str
    value: Number
    share: str | None = Field(description="占比（小数）")


class CompositionOut(BaseModel):
    key: str = Field(description="county / bank / borrower_type / caliber")
    title: str
    parts: list[PartOut]


class TermOut(BaseModel):
    term: str = Field(description="value / previous / two_years_ago / year_start")
    name: str = Field(description="期末值、上年同期值……")
    period: str = Field(description="该项的月末 YYYY-MM")
    value: Number


class MeasuredOut(BaseModel):
    measure: str = Field(description="派生口径代码，如 increase_vs_last_year")
    name: str = Field(description="派生口径名称，如 同比多增")
    formula: str = Field(description="计算公式")
    value: Number = Field(description="派生口径的值：增速为小数，增量与指标同单位")
    reason: str | None = Field(description="无数值时的原因")
    terms: list[TermOut]


class ExplainOut(BaseModel):
    """一个指标在某一主体、某一期的数值、构成与计入的明细。"""

    period: str = Field(description="期间 YYYY-MM")
    metric: str = Field(description="指标代码")
    name: str = Field(description="指标名称")
    unit: str = Field(description="单位")
    subject: str = Field(description="主体代码")
    subject_name: str = Field(description="主体名称")
    value: Number = Field(description="指标值：金额为元（两位小数），户数为整数")
    reason: str | None = Field(description="无数值时的原因")
    numerator: Number = Field(default=None, description="比率的分子")
    denominator: Number = Field(default=None, description="比率的分母")
    measured: MeasuredOut | None = Field(
        default=None, description="请求了派生口径（measure）时：其值、公式及各期数值"
    )
    composition: list[CompositionOut]
    rows: list[RowOut]


def _row(row: Row, unit: str) -> RowOut:
    return RowOut(
        institution=row.institution,
        institution_code=row.institution_code,
        submission_id=row.submission_id,
        version=row.version,
        loan_id=row.loan_id,
        borrower_id=row.borrower_id,
        borrower_name=row.borrower_name,
        county=row.county,
        balance=number(row.balance, unit),
        reasons=row.reasons,
        sources=[SourceOut(**vars(s)) for s in row.sources],
    )


def row_unit(explanation: Explanation) -> str:
    """The unit of the rows' ``balance``: a statistic's own unit; yuan otherwise (a loan's or
    borrower's balance, an application's amount; a ratio's rows are its numerator's)."""
    m = explanation.metric
    return m.unit if m.kind == "statistic" else "yuan"


def part_unit(explanation: Explanation) -> str:
    """The unit of the composition's values: the metric's (a ratio's numerator's); platform
    parts count records."""
    m = explanation.metric
    if m.kind == "ratio" and m.numerator is not None:
        m = REGISTRY[m.numerator]
    return "count" if m.kind == "platform" else m.unit


def term_unit(explanation: Explanation) -> str:
    """The unit of a ratio's numerator and denominator."""
    m = explanation.metric
    return REGISTRY[m.numerator].unit if m.numerator is not None else m.unit


def explanation_out(explanation: Explanation) -> ExplainOut:
    m = explanation.metric
    unit, parts, terms = row_unit(explanation), part_unit(explanation), term_unit(explanation)
    return ExplainOut(
        period=str(explanation.period),
        metric=m.slug,
        name=m.name,
        unit=UNIT_NAMES.get(m.unit, m.unit),
        subject=explanation.subject.code,
        subject_name=explanation.subject.name,
        value=number(explanation.value, m.unit),
        reason=explanation.reason,
        numerator=number(explanation.numerator, terms),
        denominator=number(explanation.denominator, terms),
        measured=_measured(explanation.measured, m.unit),
        composition=[
            CompositionOut(
                key=c.key,
                title=c.title,
                parts=[
                    PartOut(
                        code=p.code,
                        name=p.name,
                        value=number(p.value, parts),
                        share=None if p.share is None else format(p.share.normalize(), "f"),
                    )
                    for p in c.parts
                ],
            )
            for c in explanation.compositions
        ],
        rows=[_row(r, unit) for r in explanation.rows],
    )


def _measured(found: Measured | None, unit: str) -> MeasuredOut | None:
    if found is None:
        return None
    return MeasuredOut(
        measure=found.measure,
        name=found.name,
        formula=found.formula,
        value=number(found.value, "fraction" if found.rate else unit),
        reason=found.reason,
        terms=[
            TermOut(term=t.term, name=t.name, period=str(t.period), value=number(t.value, unit))
            for t in found.terms
        ],
    )
