"""Enterprise sizing per 工信部联企业〔2011〕300号: every row of the table at its boundaries.

The table below is copied from facts.md (verbatim copies of the standard), independently of
the package's own table, so that a wrong number in either shows up here.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beizeng.errors import InvalidInput
from beizeng.reference.sizing import (
    SIZES,
    STANDARD_2011,
    SizingNotApplicable,
    classify_enterprise,
    sizing_group,
)

# group name, an industry code of it, {indicator: (large, medium, small) lower bounds}
TABLE = [
    ("农、林、牧、渔业", "A0111", {"revenue": (20000, 500, 50)}),
    ("工业", "C3011", {"employees": (1000, 300, 20), "revenue": (40000, 2000, 300)}),
    ("建筑业", "E4710", {"revenue": (80000, 6000, 300), "assets": (80000, 5000, 300)}),
    ("批发业", "F5123", {"employees": (200, 20, 5), "revenue": (40000, 5000, 1000)}),
    ("零售业", "F5211", {"employees": (300, 50, 10), "revenue": (20000, 500, 100)}),
    ("交通运输业", "G5430", {"employees": (1000, 300, 20), "revenue": (30000, 3000, 200)}),
    ("仓储业", "G5920", {"employees": (200, 100, 20), "revenue": (30000, 1000, 100)}),
    ("邮政业", "G6020", {"employees": (1000, 300, 20), "revenue": (30000, 2000, 100)}),
    ("住宿业", "H6110", {"employees": (300, 100, 10), "revenue": (10000, 2000, 100)}),
    ("餐饮业", "H6210", {"employees": (300, 100, 10), "revenue": (10000, 2000, 100)}),
    ("信息传输业", "I6311", {"employees": (2000, 100, 10), "revenue": (100000, 1000, 100)}),
    ("软件和信息技术服务业", "I6510", {"employees": (300, 100, 10), "revenue": (10000, 1000, 50)}),
    ("房地产开发经营", "K7010", {"revenue": (200000, 1000, 100), "assets": (10000, 5000, 2000)}),
    ("物业管理", "K7020", {"employees": (1000, 300, 100), "revenue": (5000, 1000, 500)}),
    ("租赁和商务服务业", "L7211", {"employees": (300, 100, 10), "assets": (120000, 8000, 100)}),
    ("其他未列明行业", "O8010", {"employees": (300, 100, 10)}),
]
LEVELS = ("large", "medium", "small")


def _classify(code: str, values: dict[str, Decimal]) -> str:
    return classify_enterprise(
        code,
        employees=int(values["employees"]) if "employees" in values else None,
        revenue_wan=values.get("revenue"),
        assets_wan=values.get("assets"),
    ).size


def _at(bounds: dict[str, tuple[int, int, int]], level: str) -> dict[str, Decimal]:
    return {ind: Decimal(b[LEVELS.index(level)]) for ind, b in bounds.items()}


def _below(indicator: str, value: Decimal) -> Decimal:
    """Just below a bound: one person fewer, or one fen (0.000001 万元) less."""
    return value - (1 if indicator == "employees" else Decimal("0.000001"))


@pytest.mark.parametrize(("group", "code", "bounds"), TABLE, ids=[row[0] for row in TABLE])
def test_each_industry_code_maps_to_its_group(
    group: str, code: str, bounds: dict[str, tuple[int, int, int]]
) -> None:
    assert sizing_group(code).name == group


AT_BOUND = [
    pytest.param(code, bounds, level, id=f"{group}-{level}")
    for group, code, bounds in TABLE
    for level in LEVELS
]


@pytest.mark.parametrize(("code", "bounds", "level"), AT_BOUND)
def test_reaching_every_lower_bound_of_a_class_gives_that_class(
    code: str, bounds: dict[str, tuple[int, int, int]], level: str
) -> None:
    assert _classify(code, _at(bounds, level)) == level


JUST_BELOW = [
    pytest.param(code, bounds, level, indicator, id=f"{group}-{level}-{indicator}")
    for group, code, bounds in TABLE
    for level in LEVELS
    for indicator in bounds
]


@pytest.mark.parametrize(("code", "bounds", "level", "indicator"), JUST_BELOW)
def test_missing_one_lower_bound_by_a_hair_drops_one_class(
    code: str, bounds: dict[str, tuple[int, int, int]], level: str, indicator: str
) -> None:
    """ "须同时满足所列指标的下限，否则下划一档": one indicator below is enough to drop."""
    values = _at(bounds, level)
    values[indicator] = _below(indicator, values[indicator])
    assert _classify(code, values) == SIZES[SIZES.index(level) - 1]


def test_the_rule_sentence_names_the_deciding_bounds() -> None:
    result = classify_enterprise(
        "C3011", employees=50, revenue_wan=Decimal("3000"), assets_wan=Decimal("2000")
    )
    assert (result.size, result.size_name, result.group) == ("small", "小型", "工业")
    assert result.rule == (
        "工业：从业人员 50 人 ≥ 20 且营业收入 3000 万元 ≥ 300 万元，"
        "未同时达到中型下限（300 人、2000 万元），划为小型"
    )
    assert result.standard == STANDARD_2011 == "工信部联企业〔2011〕300号"


def test_micro_rule_names_the_indicator_below_the_small_bound() -> None:
    result = classify_enterprise("C3011", employees=5000, revenue_wan=Decimal("299"))
    assert result.size == "micro"
    # Only the indicator that missed is named: 5000 people do not save it from micro.
    assert result.rule.startswith("工业：营业收入 299 万元 < 300 万元，低于小型下限")


def test_a_large_enterprise_must_reach_both_upper_bounds() -> None:
    """ "SME if employees < 1000 or revenue < 40000": huge revenue with 999 people is medium."""
    assert _classify("C30", {"employees": Decimal(999), "revenue": Decimal(10**7)}) == "medium"


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("G5311", "其他未列明行业"),  # railways are not 交通运输业
        ("G5910", "交通运输业"),  # 装卸搬运 is
        ("B0610", "工业"),
        ("D4411", "工业"),
        ("K7030", "其他未列明行业"),
        ("I6410", "信息传输业"),
        ("L7111", "租赁和商务服务业"),
        ("R9011", "其他未列明行业"),
        ("C", "工业"),
    ],
)
def test_mapping_of_gb4754_codes_follows_the_nbs_method(code: str, group: str) -> None:
    assert sizing_group(code).name == group


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("J6621", "银发〔2015〕309号"),
        ("S9221", "不是企业"),
        ("G59", "交通运输业、仓储业"),
        ("K70", "请提供更细的行业代码"),
    ],
)
def test_industries_outside_the_standard_or_too_coarse_are_refused(
    code: str, fragment: str
) -> None:
    with pytest.raises(SizingNotApplicable) as caught:
        classify_enterprise(code, employees=10, revenue_wan=Decimal(1), assets_wan=Decimal(1))
    assert fragment in caught.value.message


def test_a_missing_indicator_the_group_needs_is_named() -> None:
    with pytest.raises(InvalidInput) as caught:
        classify_enterprise("E4710", revenue_wan=Decimal(100))
    assert "资产总额" in caught.value.message
    # Indicators the group does not use are not required.
    assert classify_enterprise("A0111", revenue_wan=Decimal(600)).size == "medium"


def test_negative_indicator_is_refused() -> None:
    with pytest.raises(InvalidInput, match="从业人员不能为负数"):
        classify_enterprise("O80", employees=-1)


def test_unknown_standard_version_is_refused() -> None:
    with pytest.raises(InvalidInput, match="没有划型标准"):
        classify_enterprise("O80", employees=1, standard="2099 年标准")


_AMOUNT = st.decimals(0, 10**6, places=2)


@given(
    st.sampled_from([code for _, code, _ in TABLE]),
    st.integers(0, 5000),
    _AMOUNT,
    _AMOUNT,
    st.integers(0, 3000),
    _AMOUNT,
    _AMOUNT,
)
def test_more_employees_revenue_or_assets_never_gives_a_smaller_class(
    code: str,
    employees: int,
    revenue: Decimal,
    assets: Decimal,
    more_employees: int,
    more_revenue: Decimal,
    more_assets: Decimal,
) -> None:
    before = classify_enterprise(code, employees=employees, revenue_wan=revenue, assets_wan=assets)
    after = classify_enterprise(
        code,
        employees=employees + more_employees,
        revenue_wan=revenue + more_revenue,
        assets_wan=assets + more_assets,
    )
    assert SIZES.index(after.size) >= SIZES.index(before.size)
