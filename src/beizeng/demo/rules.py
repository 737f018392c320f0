"""Parameters of the synthetic Lüliang: sizes, weights, mixes and growth paths, as plain data.

Nothing here does I/O or draws random numbers; the generator modules read these tables. The numbers
are chosen to look like Lüliang in 2021–2022 (facts.md: coal, coke, chemicals, iron and steel,
aluminium; national 2022 loan growth ≈ 11%, CBIRC inclusive small-micro ≈ 24%) and to exercise the
plan's targets: inclusive small-micro loans grow faster than all loans (C-2.2.1, two increases), local
legal-person banks faster than national ones (C-2.2.3), and a couple of banks miss (so that bulletins
have names to name).
"""

from __future__ import annotations

from dataclasses import dataclass

from beizeng.kit.periods import Period, periods_between
from beizeng.ledger.rules import COLUMN_NAMES

FIRST_PERIOD = Period(2020, 12)
LAST_PERIOD = Period(2022, 12)
PERIODS: tuple[Period, ...] = tuple(periods_between(FIRST_PERIOD, LAST_PERIOD))
"""The 25 month ends of the demo: 2020-12 (base of 2021 growth) to 2022-12."""

LEDGER_COLUMNS = COLUMN_NAMES
"""The loan ledger contract of DESIGN.md, in order, English headers (owned by ``ledger``)."""

ENTITY_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "kind",
    "county_code",
    "industry_code",
    "enterprise_size",
    "ownership",
    "employees",
    "revenue_wan",
    "assets_wan",
    "registered_capital",
    "established",
    "contact",
)
"""Columns of ``entities.csv``; ``registered_capital`` is in 万元 like revenue and assets."""

INCLUSIVE_LINE = 10_000_000
"""The 单户授信 boundary of inclusive small-micro loans, yuan (facts.md: < for PBoC, ≤ for CBIRC)."""


@dataclass(frozen=True)
class Scale:
    """How big a demo is: loans per month end (about; the book grows with the targets from 85% of
    it at 2020-12) and entities per loan."""

    name: str
    loans: int
    entities_per_loan: float = 1.6

    @property
    def initial_loans(self) -> int:
        return round(self.loans * 0.85)


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", 2_000),
    "small": Scale("small", 20_000),
    "city": Scale("city", 300_000),
    "province": Scale("province", 3_000_000),
}

COUNTY_WEIGHTS: dict[str, float] = {
    "141102": 0.17,  # 离石区
    "141181": 0.15,  # 孝义市
    "141182": 0.13,  # 汾阳市
    "141121": 0.10,  # 文水县
    "141122": 0.06,  # 交城县
    "141123": 0.06,  # 兴县
    "141124": 0.08,  # 临县
    "141125": 0.07,  # 柳林县
    "141126": 0.03,  # 石楼县
    "141127": 0.04,  # 岚县
    "141128": 0.03,  # 方山县
    "141129": 0.05,  # 中阳县
    "141130": 0.03,  # 交口县
}
"""Share of market entities by county: the four plains counties/cities are the larger ones."""

HISTORIC_ID_SHARE = 0.8
"""Share of residents born before 2003 whose ID card still carries the 1423xx code (facts.md)."""

# Borrower classes: a borrower_type, refined by enterprise size for enterprises. The first four
# are the inclusive small-micro classes (DESIGN: inclusive_smb).
CLASSES: tuple[str, ...] = (
    "enterprise_small",
    "enterprise_micro",
    "individual_business",
    "micro_owner",
    "enterprise_large",
    "enterprise_medium",
    "farmer",
    "personal",
)
INCLUSIVE_CLASSES = 4
BORROWER_TYPE = {c: c.split("_")[0] if c.startswith("enterprise") else c for c in CLASSES}
ENTERPRISE_SIZE = {c: c.split("_")[1] for c in CLASSES if c.startswith("enterprise")}

CLASS_ENTITY_SHARE: dict[str, float] = {
    "enterprise_small": 0.050,
    "enterprise_micro": 0.080,
    "individual_business": 0.330,
    "micro_owner": 0.080,
    "enterprise_large": 0.004,
    "enterprise_medium": 0.016,
    "farmer": 0.260,
    "personal": 0.180,
}
"""Share of entities by class (individual businesses outnumber enterprises, as in Lüliang)."""

BORROWED_BEFORE_SHARE: dict[str, float] = {
    "enterprise_small": 0.55,
    "enterprise_micro": 0.40,
    "individual_business": 0.35,
    "micro_owner": 0.50,
    "enterprise_large": 0.95,
    "enterprise_medium": 0.80,
    "farmer": 0.50,
    "personal": 0.50,
}
"""Share of each class that had borrowed before the demo starts; the rest can become first loans."""

# Bank-category mixes of loans by class group: {category: (inclusive share, weights by class)}.
GROUP_MIX: dict[str, tuple[float, tuple[float, ...]]] = {
    "policy_bank": (0.10, (0.6, 0.4, 0.0, 0.0, 0.5, 0.5, 0.0, 0.0)),
    "large_state_bank": (0.35, (0.25, 0.25, 0.3, 0.2, 0.02, 0.03, 0.25, 0.7)),
    "joint_stock_bank": (0.30, (0.3, 0.3, 0.2, 0.2, 0.03, 0.05, 0.0, 0.92)),
    "postal_savings_bank": (0.50, (0.05, 0.1, 0.5, 0.35, 0.0, 0.005, 0.5, 0.495)),
    "city_commercial_bank": (0.45, (0.3, 0.3, 0.25, 0.15, 0.015, 0.035, 0.1, 0.85)),
    "rural_bank": (0.55, (0.1, 0.15, 0.5, 0.25, 0.0, 0.01, 0.65, 0.34)),
    "village_bank": (0.60, (0.1, 0.2, 0.45, 0.25, 0.0, 0.0, 0.6, 0.4)),
}
"""Share of new loans (by count) in the inclusive group, and class weights within each group."""

BANK_WEIGHTS: dict[str, float] = {
    "ADBCLL": 0.05,
    "ICBCLL": 1.4,
    "ABCLL": 1.6,
    "BOCLL": 1.0,
    "CCBLL": 1.4,
    "BOCOMLL": 0.5,
    "PSBCLL": 1.3,
    "CITICLL": 0.35,
    "CIBLL": 0.35,
    "CEBLL": 0.3,
    "CMBCLL": 0.3,
    "JSBLL": 0.8,
    "SXBLL": 0.7,
    "LLRCB": 1.2,
    "LLRCU": 0.3,
    "XYVB": 0.15,
}
"""Relative loan counts by bank; a county rural bank not listed weighs its county's share × 8."""
RURAL_BANK_COUNTY_FACTOR = 8.0

COUNTY_BOUND_CATEGORIES = frozenset({"rural_bank", "village_bank"})
"""Categories that lend only in their own county."""


@dataclass(frozen=True)
class ClassProfile:
    """How loans to one class look: credit line, terms, rates, guarantees, purpose."""

    line_median: float  # yuan
    line_sigma: float
    line_min: float
    line_max: float
    terms: tuple[tuple[int, float], ...]  # (months, weight)
    rate_low: float
    rate_high: float
    guarantee: tuple[float, float, float, float]  # credit, guarantee, mortgage, pledge
    consumption_share: float
    at_boundary: float  # share of borrowers whose line is exactly INCLUSIVE_LINE


_SHORT = ((6, 0.1), (12, 0.6), (24, 0.15), (36, 0.15))
PROFILES: dict[str, ClassProfile] = {
    "enterprise_small": ClassProfile(
        1.2e6, 0.8, 2e5, 2e7, _SHORT, 0.045, 0.072, (0.25, 0.35, 0.33, 0.07), 0.0, 0.02
    ),
    "enterprise_micro": ClassProfile(
        3.5e5, 0.8, 5e4, 1e7, _SHORT, 0.046, 0.075, (0.3, 0.35, 0.3, 0.05), 0.0, 0.005
    ),
    "individual_business": ClassProfile(
        1.2e5, 0.7, 2e4, 3e6, _SHORT, 0.045, 0.078, (0.3, 0.35, 0.3, 0.05), 0.05, 0.0
    ),
    "micro_owner": ClassProfile(
        1.8e5, 0.8, 3e4, 1e7, _SHORT, 0.045, 0.078, (0.3, 0.35, 0.3, 0.05), 0.1, 0.005
    ),
    "enterprise_large": ClassProfile(
        8e7,
        0.6,
        2e7,
        1e9,
        ((12, 0.3), (24, 0.15), (36, 0.25), (60, 0.2), (96, 0.1)),
        0.036,
        0.048,
        (0.45, 0.2, 0.3, 0.05),
        0.0,
        0.0,
    ),
    "enterprise_medium": ClassProfile(
        1.5e7,
        0.6,
        3e6,
        1e8,
        ((12, 0.45), (24, 0.2), (36, 0.25), (60, 0.1)),
        0.039,
        0.058,
        (0.35, 0.25, 0.33, 0.07),
        0.0,
        0.0,
    ),
    "farmer": ClassProfile(
        8e4,
        0.6,
        1e4,
        5e5,
        ((6, 0.1), (12, 0.7), (24, 0.1), (36, 0.1)),
        0.05,
        0.08,
        (0.5, 0.4, 0.1, 0.0),
        0.15,
        0.0,
    ),
    "personal": ClassProfile(
        1.5e5,
        0.8,
        1e4,
        2e6,
        ((12, 0.3), (36, 0.3), (60, 0.4)),
        0.04,
        0.07,
        (0.4, 0.05, 0.55, 0.0),
        1.0,
        0.0,
    ),
}

CREDIT_SHIFT_2022 = 0.08
"""Extra share of credit (信用) loans among 2022's new inclusive loans (C-3.x: more credit loans)."""
RATE_CUT_2022 = 0.003
"""Lower rates on loans started in 2022 (LPR cuts, facts.md)."""
RATE_MIN, RATE_MAX = 0.035, 0.08

BULLET_SHARE_SHORT = 0.8
"""Share of loans of one year or less repaid at maturity; the rest amortise in equal parts."""
PREPAY_SHARE = 0.04
RENEWAL_SHARE = {"business": 0.3, "consumption": 0.05}
"""Share of maturing loans renewed (续贷) at the same bank in the month they mature."""
OVER_LINE_SHARE = 0.001
"""Rare deliberate loans above the credit line (the ledger import warns about them)."""
EXACT_YEAR_SHARE = 0.7
"""Share of 12-month loans whose maturity is exactly one year after start (the 1-year boundary)."""

RISK_WORDS: tuple[str, ...] = ("normal", "special", "substandard", "doubtful", "loss")
RISK_SHARES: tuple[float, ...] = (0.955, 0.025, 0.01, 0.007, 0.003)

FIRST_LOAN_SHARE: dict[int, tuple[float, float]] = {2021: (0.12, 0.05), 2022: (0.2, 0.06)}
"""Share of new non-renewal loans that go to first-time borrowers: (inclusive group, others)."""

INITIAL_FIRST_LOAN_SHARE = 0.25
"""Of the borrowers whose earliest loan in the 2020-12 stock started in 2020, the first-loan share."""

ANNUAL_GROWTH: dict[tuple[str, int], tuple[float, float]] = {
    ("national", 2021): (0.20, 0.07),
    ("local", 2021): (0.22, 0.06),
    ("national", 2022): (0.26, 0.06),
    ("local", 2022): (0.32, 0.05),
}
"""Year-on-year balance growth aimed at: (inclusive group, other group), by legal scope."""

LAGGARDS: dict[str, tuple[float, float]] = {
    "CMBCLL": (0.02, 0.06),
    "JKRCU": (-0.03, 0.05),
}
"""Banks that miss 2022's targets: inclusive growth below their total growth (two increases fail)."""

# Industries: (code, weight for enterprises, weight for individual businesses, farmers' weight,
# name word for enterprises, shop words for individual businesses, green share)
INDUSTRIES: tuple[tuple[str, float, float, float, str, tuple[str, ...], float], ...] = (
    ("B0610", 0.10, 0.0, 0.0, "煤业", (), 0.02),
    ("C2521", 0.06, 0.0, 0.0, "焦化", (), 0.08),
    ("C2614", 0.04, 0.0, 0.0, "化工", (), 0.08),
    ("C3110", 0.03, 0.0, 0.0, "钢铁", (), 0.08),
    ("C3216", 0.03, 0.0, 0.0, "铝业", (), 0.08),
    ("C1512", 0.03, 0.01, 0.0, "酒业", ("酒坊",), 0.01),
    ("D4415", 0.015, 0.0, 0.0, "风电", (), 1.0),
    ("D4416", 0.015, 0.0, 0.0, "光伏发电", (), 1.0),
    ("A0113", 0.03, 0.02, 0.35, "农业开发", ("种植园", "农资店"), 0.05),
    ("A0161", 0.02, 0.01, 0.15, "核桃产业", ("核桃园",), 0.05),
    ("A0313", 0.02, 0.03, 0.25, "养殖", ("养殖场",), 0.05),
    ("A0314", 0.01, 0.02, 0.2, "畜牧", ("养羊场",), 0.05),
    ("A0212", 0.01, 0.0, 0.05, "林业", (), 0.3),
    ("H6210", 0.04, 0.2, 0.0, "餐饮管理", ("餐馆", "饭店", "面馆", "小吃店"), 0.0),
    ("F5211", 0.04, 0.14, 0.0, "商贸", ("百货店", "便利店"), 0.0),
    ("F5212", 0.02, 0.08, 0.0, "超市", ("超市",), 0.0),
    ("F5161", 0.08, 0.05, 0.0, "煤炭运销", ("煤炭经销部",), 0.0),
    ("F5123", 0.04, 0.05, 0.0, "商贸", ("批发部",), 0.0),
    ("L7291", 0.02, 0.02, 0.0, "旅行社", ("旅游服务部",), 0.02),
    ("H6110", 0.02, 0.03, 0.0, "酒店管理", ("宾馆", "农家乐"), 0.01),
    ("E4710", 0.06, 0.0, 0.0, "建筑工程", (), 0.05),
    ("E5012", 0.03, 0.05, 0.0, "装饰工程", ("装修部",), 0.02),
    ("G5431", 0.07, 0.12, 0.0, "物流", ("货运部",), 0.03),
    ("O8040", 0.0, 0.09, 0.0, "美容", ("理发店", "美容店"), 0.0),
    ("R9011", 0.01, 0.02, 0.0, "文化娱乐", ("歌厅",), 0.0),
)
"""Lüliang's industry mix (GB/T 4754-2017 codes; facts.md: key divisions 06, 25, 26, 31, 32)."""

CLEAN_ENERGY_PREFIXES: tuple[str, ...] = ("D4415", "D4416")

PERSONAL_INDUSTRIES: tuple[tuple[str, float], ...] = (
    ("S92", 0.2),
    ("P83", 0.15),
    ("Q84", 0.1),
    ("B06", 0.2),
    ("C25", 0.1),
    ("G54", 0.1),
    ("F52", 0.15),
)
"""Where personal borrowers work (the industry column of a consumption loan)."""

OWNERSHIP_WORDS: tuple[str, ...] = ("state", "private", "foreign", "collective", "other")
OWNERSHIP_SHARES: dict[str, tuple[float, ...]] = {
    "large": (0.4, 0.55, 0.02, 0.01, 0.02),
    "medium": (0.15, 0.78, 0.02, 0.02, 0.03),
    "small": (0.04, 0.89, 0.01, 0.03, 0.03),
    "micro": (0.01, 0.93, 0.0, 0.03, 0.03),
}

TYPICAL_EMPLOYEES: dict[str, tuple[int, int]] = {
    "large": (500, 3000),
    "medium": (100, 500),
    "small": (10, 100),
    "micro": (1, 10),
}
"""Head counts for sizing groups that do not size by employees (the standard does elsewhere)."""

LOAN_TO_DEPOSIT = (0.6, 0.8)
KPI_WEIGHT = (0.05, 0.2)
"""Weight of inclusive finance in a bank's internal KPI; below 0.10 is short of the opinion's ask."""
FTP_DISCOUNT_BP = (20, 80)
"""Internal transfer-price discount for inclusive loans, basis points; below 50 is short."""


def annual_growth(code: str, legal_scope: str, year: int) -> tuple[float, float]:
    """Year-on-year growth aimed at for a bank's (inclusive, other) balances in ``year``."""
    if year == 2022 and code in LAGGARDS:
        return LAGGARDS[code]
    return ANNUAL_GROWTH[(legal_scope, year)]


def monthly_factor(annual: float) -> float:
    """The monthly growth factor that compounds to ``annual`` over twelve months."""
    return float((1.0 + annual) ** (1.0 / 12.0))
