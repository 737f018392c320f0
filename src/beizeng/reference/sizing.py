"""Enterprise sizing: large, medium, small or micro, per 工信部联企业〔2011〕300号.

《中小企业划型标准规定》 sets, for 16 industry groups, the bounds of employees (从业人员, 人),
operating revenue (营业收入, 万元) and total assets (资产总额, 万元). Its wording is "SME if A < x
or B < y", so a large enterprise reaches every upper bound. Within the SMEs, "大型、中型和小型企业
须同时满足所列指标的下限，否则下划一档；微型企业只须满足所列指标中的一项即可": medium when both
medium lower bounds hold, else small when both small lower bounds hold, else micro.

Which GB/T 4754-2017 codes make each group follows 国家统计局《统计上大中小微型企业划分办法
（2017）》: 工业 is sections B, C and D; 交通运输业 is 54–58 and 591 装卸搬运 but not 53 railways;
仓储业 is the rest of 59; 信息传输业 is 63–64; 其他未列明行业 takes 53, the rest of 70, and sections
M, N, O, P, Q and R. Finance (66–69) is sized by 银发〔2015〕309号 and public bodies (91–97) are
not enterprises: both are refused rather than guessed. facts.md marks this mapping as
unconfirmed in detail, so it is data of the standard's version (``STANDARDS``), beside which a
later revision can sit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from beizeng.errors import InvalidInput
from beizeng.reference.industries import divisions, normalise_industry

SIZES = ("micro", "small", "medium", "large")
SIZE_NAMES = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}
INDICATORS = {
    "employees": ("从业人员", "人"),
    "revenue": ("营业收入", "万元"),
    "assets": ("资产总额", "万元"),
}


@dataclass(frozen=True)
class Bounds:
    """One indicator of a group: the lower bounds of large, medium and small."""

    indicator: str  # employees, revenue, assets
    large: Decimal
    medium: Decimal
    small: Decimal

    def at(self, size: str) -> Decimal:
        return {"large": self.large, "medium": self.medium, "small": self.small}[size]


@dataclass(frozen=True)
class SizingGroup:
    key: str
    name: str
    bounds: tuple[Bounds, ...]


@dataclass(frozen=True)
class SizingStandard:
    """A version of the sizing rules: its groups and the GB/T 4754 codes that map to them.

    ``mapping`` pairs a digit prefix (division, group or class) with a group key; the longest
    prefix wins. ``refused`` names keys that are not sized by this standard, with the reason.
    """

    version: str
    groups: tuple[SizingGroup, ...]
    mapping: tuple[tuple[str, str], ...]
    refused: dict[str, tuple[str, str]]  # key → (Chinese name, reason)

    def group(self, key: str) -> SizingGroup:
        return next(g for g in self.groups if g.key == key)

    def name_of(self, key: str) -> str:
        return self.refused[key][0] if key in self.refused else self.group(key).name


@dataclass(frozen=True)
class SizeResult:
    size: str  # large, medium, small, micro
    size_name: str  # 大型, 中型, 小型, 微型
    group: str  # the Chinese name of the industry group
    rule: str  # which bounds decided it, in Chinese
    standard: str


class SizingNotApplicable(InvalidInput):
    """The industry is outside the standard (finance, public bodies) or too coarse to size."""


def _b(indicator: str, large: int, medium: int, small: int) -> Bounds:
    return Bounds(indicator, Decimal(large), Decimal(medium), Decimal(small))


def _spans(*ranges: tuple[int, int]) -> list[str]:
    return [f"{d:02d}" for low, high in ranges for d in range(low, high + 1)]


STANDARD_2011 = "工信部联企业〔2011〕300号"

_GROUPS_2011 = (
    SizingGroup("agriculture", "农、林、牧、渔业", (_b("revenue", 20000, 500, 50),)),
    SizingGroup(
        "industry", "工业", (_b("employees", 1000, 300, 20), _b("revenue", 40000, 2000, 300))
    ),
    SizingGroup(
        "construction", "建筑业", (_b("revenue", 80000, 6000, 300), _b("assets", 80000, 5000, 300))
    ),
    SizingGroup(
        "wholesale", "批发业", (_b("employees", 200, 20, 5), _b("revenue", 40000, 5000, 1000))
    ),
    SizingGroup("retail", "零售业", (_b("employees", 300, 50, 10), _b("revenue", 20000, 500, 100))),
    SizingGroup(
        "transport", "交通运输业", (_b("employees", 1000, 300, 20), _b("revenue", 30000, 3000, 200))
    ),
    SizingGroup(
        "storage", "仓储业", (_b("employees", 200, 100, 20), _b("revenue", 30000, 1000, 100))
    ),
    SizingGroup(
        "postal", "邮政业", (_b("employees", 1000, 300, 20), _b("revenue", 30000, 2000, 100))
    ),
    SizingGroup(
        "accommodation", "住宿业", (_b("employees", 300, 100, 10), _b("revenue", 10000, 2000, 100))
    ),
    SizingGroup(
        "catering", "餐饮业", (_b("employees", 300, 100, 10), _b("revenue", 10000, 2000, 100))
    ),
    SizingGroup(
        "information_transmission",
        "信息传输业",
        (_b("employees", 2000, 100, 10), _b("revenue", 100000, 1000, 100)),
    ),
    SizingGroup(
        "software",
        "软件和信息技术服务业",
        (_b("employees", 300, 100, 10), _b("revenue", 10000, 1000, 50)),
    ),
    SizingGroup(
        "real_estate_development",
        "房地产开发经营",
        (_b("revenue", 200000, 1000, 100), _b("assets", 10000, 5000, 2000)),
    ),
    SizingGroup(
        "property_management",
        "物业管理",
        (_b("employees", 1000, 300, 100), _b("revenue", 5000, 1000, 500)),
    ),
    SizingGroup(
        "leasing_business",
        "租赁和商务服务业",
        (_b("employees", 300, 100, 10), _b("assets", 120000, 8000, 100)),
    ),
    SizingGroup("other", "其他未列明行业", (_b("employees", 300, 100, 10),)),
)

_MAPPING_2011: tuple[tuple[str, str], ...] = (
    *((d, "agriculture") for d in _spans((1, 5))),
    *((d, "industry") for d in _spans((6, 46))),
    *((d, "construction") for d in _spans((47, 50))),
    ("51", "wholesale"),
    ("52", "retail"),
    ("53", "other"),
    *((d, "transport") for d in _spans((54, 58))),
    ("59", "storage"),
    ("591", "transport"),
    ("60", "postal"),
    ("61", "accommodation"),
    ("62", "catering"),
    ("63", "information_transmission"),
    ("64", "information_transmission"),
    ("65", "software"),
    *((d, "finance") for d in _spans((66, 69))),
    ("70", "other"),
    ("701", "real_estate_development"),
    ("702", "property_management"),
    ("71", "leasing_business"),
    ("72", "leasing_business"),
    *((d, "other") for d in _spans((73, 90))),
    *((d, "public") for d in _spans((91, 97))),
)

#: Every version of the sizing rules, by its document number.
STANDARDS: dict[str, SizingStandard] = {
    STANDARD_2011: SizingStandard(
        STANDARD_2011,
        _GROUPS_2011,
        _MAPPING_2011,
        refused={
            "finance": (
                "金融业",
                "金融业企业按《金融业企业划型标准规定》（银发〔2015〕309号）划型，不适用本规定",
            ),
            "public": (
                "公共管理、社会组织和国际组织",
                "公共管理、社会保障和社会组织及国际组织不是企业，不划分企业规模",
            ),
        },
    )
}


def _keys_under(standard: SizingStandard, canonical: str) -> set[str]:
    """Group keys that codes inside ``canonical`` can map to (one key unless it is too coarse)."""
    if len(canonical) == 1:
        return {
            key
            for division, (section, _) in divisions().items()
            if section == canonical
            for key in _keys_under(standard, section + division)
        }
    digits = canonical[1:]
    mapping = dict(standard.mapping)
    own = max((p for p in mapping if digits.startswith(p)), key=len)
    return {mapping[own]} | {
        key for p, key in mapping.items() if p.startswith(digits) and p != digits
    }


@lru_cache(maxsize=8192)
def sizing_group(industry_code: str, *, standard: str = STANDARD_2011) -> SizingGroup:
    """The group an industry is sized in; ``SizingNotApplicable`` if none or ambiguous."""
    rules = STANDARDS.get(standard)
    if rules is None:
        raise InvalidInput(f"没有划型标准「{standard}」，可用：{'、'.join(STANDARDS)}。")
    canonical = normalise_industry(industry_code)
    keys = _keys_under(rules, canonical)
    if len(keys) > 1:
        names = "、".join(sorted(rules.name_of(k) for k in keys))
        raise SizingNotApplicable(
            f"行业代码「{industry_code}」（{canonical}）包含多个划型行业（{names}），"
            "请提供更细的行业代码（中类或小类）。"
        )
    (key,) = keys
    if key in rules.refused:
        raise SizingNotApplicable(
            f"行业代码「{industry_code}」（{canonical}）：{rules.refused[key][1]}。"
        )
    return rules.group(key)


def _number(value: Decimal) -> str:
    """3000 for Decimal('3000.00'): the figures as people write them."""
    return f"{value.normalize():f}"


def _amount(indicator: str, value: Decimal) -> str:
    """'从业人员 50 人' / '营业收入 3000 万元'."""
    name, unit = INDICATORS[indicator]
    return f"{name} {_number(value)} {unit}"


def _bound(indicator: str, value: Decimal) -> str:
    """Bounds of people are written bare, money with its unit (as in the standard's tables)."""
    unit = INDICATORS[indicator][1]
    return _number(value) if unit == "人" else f"{_number(value)} {unit}"


def _bound_list(bounds: tuple[Bounds, ...], size: str) -> str:
    return "、".join(f"{_number(b.at(size))} {INDICATORS[b.indicator][1]}" for b in bounds)


def _inputs(group: SizingGroup, given: dict[str, Decimal | None]) -> dict[str, Decimal]:
    values = {}
    for bounds in group.bounds:
        name, unit = INDICATORS[bounds.indicator]
        value = given[bounds.indicator]
        if value is None:
            raise InvalidInput(f"「{group.name}」划型需要{name}（{unit}），未提供。")
        value = value if isinstance(value, Decimal) else Decimal(str(value))
        if value < 0:
            raise InvalidInput(f"{name}不能为负数：{_number(value)} {unit}。")
        values[bounds.indicator] = value
    return values


def classify_enterprise(
    industry_code: str,
    *,
    employees: int | None = None,
    revenue_wan: Decimal | None = None,
    assets_wan: Decimal | None = None,
    standard: str = STANDARD_2011,
) -> SizeResult:
    """Size an enterprise from its industry and indicators (工信部联企业〔2011〕300号, 第四条).

    Only the indicators of the industry's group are needed; a missing one is an
    ``InvalidInput`` that names it. Revenue and assets are in 万元.
    """
    group = sizing_group(industry_code, standard=standard)
    values = _inputs(
        group,
        {
            "employees": None if employees is None else Decimal(employees),
            "revenue": revenue_wan,
            "assets": assets_wan,
        },
    )
    single = len(group.bounds) == 1
    reached = [
        size
        for size in ("large", "medium", "small")
        if all(values[b.indicator] >= b.at(size) for b in group.bounds)
    ]
    size = reached[0] if reached else "micro"
    if size == "micro":
        missed = [b for b in group.bounds if values[b.indicator] < b.small]
        facts = "、".join(
            f"{_amount(b.indicator, values[b.indicator])} < {_bound(b.indicator, b.small)}"
            for b in missed
        )
        rule = f"{facts}，低于小型下限（{_bound_list(group.bounds, 'small')}），划为微型"
    else:
        facts = " 且".join(
            f"{_amount(b.indicator, values[b.indicator])} ≥ {_bound(b.indicator, b.at(size))}"
            for b in group.bounds
        )
        rule = facts
        if size != "large":
            above = SIZES[SIZES.index(size) + 1]
            both = "未达到" if single else "未同时达到"
            rule += f"，{both}{SIZE_NAMES[above]}下限（{_bound_list(group.bounds, above)}）"
        rule += f"，划为{SIZE_NAMES[size]}"
    return SizeResult(size, SIZE_NAMES[size], group.name, f"{group.name}：{rule}", standard)


def sizing_group_label(industry_code: str, *, standard: str = STANDARD_2011) -> str:
    """The group's name, or why the industry is not sized, for lookups that show both."""
    try:
        return sizing_group(industry_code, standard=standard).name
    except SizingNotApplicable as exc:
        return f"不适用：{exc.message}"
