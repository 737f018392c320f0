"""The loan-ledger and institution-statistics contracts (DESIGN: data contracts), as values.

Banks build their exports against these names and words, so they are kept exactly as DESIGN.md
writes them. Everything here is pure: the validator (``checks``) turns it into SQL, the templates
into Excel drop-downs, the docs into tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Kind(StrEnum):
    """How a column is read, checked and stored."""

    ID = "id"  # text identifiers that Excel likes to turn into numbers
    TEXT = "text"
    ENUM = "enum"
    CODE = "code"  # industry and county codes
    MONEY = "money"
    DATE = "date"
    RATE = "rate"
    BOOL = "bool"


@dataclass(frozen=True)
class Column:
    """One column of the ledger contract."""

    name: str
    chinese: str
    kind: Kind
    note: str
    aliases: tuple[str, ...] = ()
    conditional: bool = False  # required only for some borrower types

    @property
    def header(self) -> str:
        """The header the template writes: Chinese name and English name, e.g. 借据编号."""
        return self.chinese


BORROWER_TYPES: dict[str, str] = {
    "enterprise": "企业",
    "individual_business": "个体工商户",
    "micro_owner": "小微企业主",
    "farmer": "农户",
    "personal": "个人",
    "other": "其他",
}
ENTERPRISE_SIZES: dict[str, str] = {
    "large": "大型",
    "medium": "中型",
    "small": "小型",
    "micro": "微型",
}
OWNERSHIPS: dict[str, str] = {
    "state": "国有",
    "private": "民营",
    "foreign": "外资",
    "collective": "集体",
    "other": "其他",
}
PURPOSES: dict[str, str] = {"business": "经营性", "consumption": "消费"}
GUARANTEE_TYPES: dict[str, str] = {
    "credit": "信用",
    "guarantee": "保证",
    "mortgage": "抵押",
    "pledge": "质押",
}
RISK_CLASSES: dict[str, str] = {
    "normal": "正常",
    "special": "关注",
    "substandard": "次级",
    "doubtful": "可疑",
    "loss": "损失",
}
ENUMS: dict[str, dict[str, str]] = {
    "borrower_type": BORROWER_TYPES,
    "enterprise_size": ENTERPRISE_SIZES,
    "ownership": OWNERSHIPS,
    "purpose": PURPOSES,
    "guarantee_type": GUARANTEE_TYPES,
    "risk_class": RISK_CLASSES,
}
"""Each enum column's English words with the Chinese word accepted for it."""

EXTRA_ENUM_WORDS: dict[str, dict[str, str]] = {
    "purpose": {"经营": "business", "经营性贷款": "business", "消费贷款": "consumption"},
    "guarantee_type": {"信用贷款": "credit", "保证贷款": "guarantee"},
}
"""A few other spellings clerks use for the same word."""

TRUE_WORDS = ("是", "true", "1", "y", "yes")
FALSE_WORDS = ("否", "false", "0", "n", "no")
"""Boolean words, compared case-insensitively."""

USCC_TYPES = ("enterprise", "individual_business")
"""Borrowers identified by the unified social credit code (GB 32100-2015)."""
RESIDENT_ID_TYPES = ("micro_owner", "farmer", "personal")
"""Borrowers identified by the resident identity number (GB 11643-1999)."""

COLUMNS: tuple[Column, ...] = (
    Column("loan_id", "借据编号", Kind.ID, "借据号，文件内唯一", ("借据号", "贷款编号")),
    Column(
        "borrower_id",
        "借款人证件号码",
        Kind.ID,
        "企业、个体工商户填统一社会信用代码；小微企业主、农户、个人填 18 位居民身份证号码",
        ("证件号码", "借款人代码", "统一社会信用代码/身份证号码"),
    ),
    Column("borrower_name", "借款人名称", Kind.TEXT, "借款人全称或姓名", ("借款人", "客户名称")),
    Column("borrower_type", "借款人类型", Kind.ENUM, "企业/个体工商户/小微企业主/农户/个人/其他"),
    Column(
        "enterprise_size",
        "企业规模",
        Kind.ENUM,
        "仅企业填写：大型/中型/小型/微型（工信部联企业〔2011〕300号）",
        conditional=True,
    ),
    Column(
        "ownership",
        "企业控股类型",
        Kind.ENUM,
        "仅企业填写：国有/民营/外资/集体/其他",
        ("控股类型", "所有制", "经济成分"),
        conditional=True,
    ),
    Column(
        "industry_code",
        "行业代码",
        Kind.CODE,
        "GB/T 4754-2017 国民经济行业代码：门类字母和/或 2–4 位数字，如 C、C30、C3011、3011",
        ("国民经济行业代码", "行业"),
    ),
    Column(
        "county_code",
        "县区代码",
        Kind.CODE,
        "贷款入账县（市、区）的 GB/T 2260 代码，如 141102",
        ("所在县区代码", "地区代码", "行政区划代码"),
    ),
    Column("purpose", "贷款用途", Kind.ENUM, "经营性/消费", ("用途",)),
    Column(
        "credit_line",
        "单户授信总额",
        Kind.MONEY,
        "借款人在本机构的授信总额，单位：元，最多两位小数",
        ("授信总额", "授信额度"),
    ),
    Column("balance", "贷款余额", Kind.MONEY, "月末贷款余额，单位：元，最多两位小数", ("余额",)),
    Column("start_date", "发放日期", Kind.DATE, "YYYY-MM-DD", ("放款日期", "起息日")),
    Column("maturity_date", "到期日期", Kind.DATE, "YYYY-MM-DD，须晚于发放日期", ("到期日",)),
    Column("guarantee_type", "担保方式", Kind.ENUM, "信用/保证/抵押/质押"),
    Column(
        "interest_rate",
        "年利率",
        Kind.RATE,
        "年化利率，按小数填写，如 0.0435 表示 4.35%（也接受 4.35%）",
        ("执行利率", "利率"),
    ),
    Column("green", "绿色贷款", Kind.BOOL, "是/否", ("是否绿色贷款",)),
    Column("clean_energy", "清洁能源贷款", Kind.BOOL, "是/否", ("是否清洁能源贷款",)),
    Column(
        "first_loan", "首贷户", Kind.BOOL, "是/否：本笔是否为借款人在银行业的首笔贷款", ("首贷",)
    ),
    Column("renewal", "续贷", Kind.BOOL, "是/否：是否为无还本续贷", ("是否续贷", "无还本续贷")),
    Column("risk_class", "五级分类", Kind.ENUM, "正常/关注/次级/可疑/损失", ("风险分类",)),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}


def header_aliases(columns: tuple[Column, ...] = COLUMNS) -> dict[str, str]:
    """Every accepted header (English, Chinese, other spellings) → the canonical name."""
    out: dict[str, str] = {}
    for column in columns:
        for alias in (column.name, column.chinese, *column.aliases):
            out[alias] = column.name
    return out


def enum_words(column: str) -> dict[str, str]:
    """Accepted word (lower-cased) → English word for an enum column."""
    words = {english: english for english in ENUMS[column]}
    words |= {chinese: english for english, chinese in ENUMS[column].items()}
    words |= EXTRA_ENUM_WORDS.get(column, {})
    return {word.lower(): english for word, english in words.items()}


WAN_HEADER = re.compile(r"万元")
"""A header that announces 万元: the contract's unit is yuan."""

DUCK_TYPES: dict[Kind, str] = {
    Kind.ID: "VARCHAR",
    Kind.TEXT: "VARCHAR",
    Kind.ENUM: "VARCHAR",
    Kind.CODE: "VARCHAR",
    Kind.MONEY: "DECIMAL(18,2)",
    Kind.DATE: "DATE",
    Kind.RATE: "DOUBLE",
    Kind.BOOL: "BOOLEAN",
}
"""Stored Parquet types (DESIGN: money DECIMAL(18,2), rates as fractions)."""

RATE_WARN_LOW = 0.0
RATE_WARN_HIGH = 0.36
"""Rates outside 0–36% a year are suspicious (the judicial protection cap of private lending is
four times the one-year LPR, far below 36%); they are warnings, not errors."""


@dataclass(frozen=True)
class Classification:
    """The plan's boundaries (DESIGN: metrics; facts.md: definitions).

    ``inclusive_threshold``: 普惠小微 is 单户授信 < 10,000,000 yuan in the PBoC caliber and
    ≤ 10,000,000 in the CBIRC caliber used by 两增 (C-3.1.2). ``mid_long_term_years``: a loan is
    mid-long-term when its original term is longer than this many years.
    """

    inclusive_threshold: Decimal = Decimal("10000000")
    mid_long_term_years: int = 1


INCLUSIVE_ENTERPRISE_SIZES = ("small", "micro")
INCLUSIVE_BORROWER_TYPES = ("individual_business", "micro_owner")
"""普惠小微 borrowers: small and micro enterprises, individual businesses, owners of micro firms."""

SERVICE_PREFIXES = ("H62", "F52", "L7291")
SERVICE_SECTIONS = ("R",)
"""Contact-intensive services the opinion singles out: catering (H62), retail (F52), culture,
sports and entertainment (R86–R90, i.e. the whole section R) and travel agencies (L7291)."""
