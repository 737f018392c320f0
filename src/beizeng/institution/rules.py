"""Pure rules of the institution registry (DESIGN: institution registry CSV contract)."""

from __future__ import annotations

import re
from dataclasses import dataclass

CATEGORIES: dict[str, str] = {
    "policy_bank": "政策性银行",
    "large_state_bank": "大型国有商业银行",
    "joint_stock_bank": "股份制商业银行",
    "postal_savings_bank": "邮政储蓄银行",
    "city_commercial_bank": "城市商业银行",
    "rural_bank": "农村商业银行/农村信用社",
    "village_bank": "村镇银行",
    "insurer": "保险公司",
    "guarantor": "融资担保机构",
    "other": "其他",
}
"""The registry's categories with their Chinese names."""

BANK_CATEGORIES = frozenset(CATEGORIES) - {"insurer", "guarantor", "other"}

LEGAL_SCOPES: dict[str, str] = {
    "national": "全国性银行分支机构",
    "local": "地方法人金融机构",
}
"""C-2.2.3 compares local legal-person institutions (地方法人金融机构) with national banks."""

COLUMNS = ("code", "name", "category", "legal_scope", "county_code", "superior")
REQUIRED = ("code", "name", "category", "legal_scope", "county_code")

CHINESE_HEADERS: dict[str, str] = {
    "机构代码": "code",
    "金融机构代码": "code",
    "机构名称": "name",
    "名称": "name",
    "机构类别": "category",
    "类别": "category",
    "法人属性": "legal_scope",
    "所在县区代码": "county_code",
    "县区代码": "county_code",
    "上级管理行": "superior",
}

_CODE = re.compile(r"^[A-Za-z0-9]{1,32}$")


@dataclass(frozen=True)
class InstitutionRecord:
    """One validated registry row."""

    code: str
    name: str
    category: str
    legal_scope: str
    county_code: str
    superior: str | None

    @property
    def is_bank(self) -> bool:
        return self.category in BANK_CATEGORIES


def _by_value_or_name(value: str, table: dict[str, str]) -> str | None:
    if value in table:
        return value
    for key, name in table.items():
        if value == name:
            return key
    return None


def check_code(value: str) -> str | None:
    """The rule broken by an institution code, or None (1–32 letters and digits)."""
    if not _CODE.match(value):
        return "机构代码应为 1–32 位字母或数字"
    return None


def parse_category(value: str) -> str | None:
    """The category key for an English key or its Chinese name."""
    return _by_value_or_name(value, CATEGORIES)


def parse_legal_scope(value: str) -> str | None:
    """``national``/``local``, also from 全国性/地方法人."""
    aliases = {"全国性": "national", "地方法人": "local"}
    return aliases.get(value) or _by_value_or_name(value, LEGAL_SCOPES)
