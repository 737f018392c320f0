"""GB/T 4754-2017 《国民经济行业分类》: sections A–T and divisions 01–97, and named groups.

A code is a section letter and/or 2–4 digits: division (大类, 2), group (中类, 3), class
(小类, 4). Ledgers write them in every fashion (``C3011``, ``3011``, ``c30``, ``C``); the
canonical form carries the section letter: ``C3011``, ``C30``, ``C``. Divisions are numbered
01–97 without gaps, so the letter follows from the digits and a wrong letter is an error.

The packaged table (``data/industries.csv``) holds every section and division, and the few
groups and classes this system names (tourism, real-estate development, property management,
loading and unloading). Below the division level a code is checked for its form and division
only: the full list of 1,380 classes is not shipped.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from beizeng.errors import InvalidInput


class IndustryInvalid(InvalidInput):
    """An industry code that is not a GB/T 4754-2017 code; ``rule`` says why."""

    def __init__(self, value: str, rule: str) -> None:
        super().__init__(f"行业代码「{value}」无效：{rule}（GB/T 4754-2017）")
        self.value = value
        self.rule = rule


@cache
def _table() -> dict[str, tuple[str, str]]:
    """code → (name, section) for sections, divisions and the named groups and classes."""
    path = resources.files("beizeng.reference") / "data" / "industries.csv"
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines())
    return {row["code"]: (row["name"], row["section"]) for row in rows}


SECTIONS: dict[str, str] = {code: name for code, (name, _) in _table().items() if code.isalpha()}


@cache
def _divisions() -> dict[str, tuple[str, str]]:
    return {
        code: (section, name)
        for code, (name, section) in _table().items()
        if code.isdigit() and len(code) == 2
    }


def divisions() -> dict[str, tuple[str, str]]:
    """Every division: two digits → (section letter, Chinese name), 01 … 97."""
    return dict(_divisions())


def _clean(value: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", value)).upper()


@lru_cache(maxsize=8192)
def normalise_industry(code: str) -> str:
    """Canonical code: 'C3011' / 'C30' / 'C' from 'C3011', '3011', 'c30', 'C', '30'.

    Raises ``IndustryInvalid`` for an empty code, an unknown section letter, a digit part
    that is not 2–4 digits, an unknown division, or a letter that is not the division's.
    Ledgers repeat a few hundred codes over millions of rows, hence the cache.
    """
    text = _clean(code)
    if not text:
        raise IndustryInvalid(code, "代码为空")
    match = re.fullmatch(r"([A-Z]?)(\d*)", text)
    if match is None:
        raise IndustryInvalid(code, "须为门类字母和/或 2–4 位数字，如 C、C30、C3011、3011")
    letter, digits = match.groups()
    if letter and letter not in SECTIONS:
        raise IndustryInvalid(code, f"没有门类「{letter}」，门类为 A–T")
    if not digits:
        return letter
    if not 2 <= len(digits) <= 4:
        raise IndustryInvalid(
            code, f"数字部分须为 2–4 位（大类、中类或小类），实际 {len(digits)} 位"
        )
    division = _divisions().get(digits[:2])
    if division is None:
        raise IndustryInvalid(code, f"没有大类「{digits[:2]}」，大类为 01–97")
    section = division[0]
    if letter and letter != section:
        raise IndustryInvalid(code, f"门类「{letter}」与大类 {digits[:2]}（属门类 {section}）不符")
    return section + digits


def industry_section(code: str) -> str:
    """Section letter of any code: '3011' → 'C'."""
    return normalise_industry(code)[0]


def section_name(letter: str) -> str:
    """Chinese name of a section: 'C' → 制造业."""
    key = _clean(letter)
    if key not in SECTIONS:
        raise IndustryInvalid(letter, "没有这个门类，门类为 A–T")
    return SECTIONS[key]


def division_name(two_digits: str) -> str:
    """Chinese name of a division: '30' → 非金属矿物制品业."""
    entry = _divisions().get(_clean(two_digits))
    if entry is None:
        raise IndustryInvalid(two_digits, "没有这个大类，大类为 01–97")
    return entry[1]


def describe_industry(code: str) -> str:
    """Human path of a code: 'C3011' → 'C 制造业 / 30 非金属矿物制品业'.

    Groups and classes this system names are added with their names ('L7291' → … / 7291
    旅行社及相关服务); others stop at the division.
    """
    canonical = normalise_industry(code)
    section, digits = canonical[0], canonical[1:]
    parts = [f"{section} {SECTIONS[section]}"]
    for length in (2, 3, 4):
        prefix = digits[:length]
        if len(prefix) == length and prefix in _table():
            parts.append(f"{prefix} {_table()[prefix][0]}")
    return " / ".join(parts)


@dataclass(frozen=True)
class IndustryGroup:
    """A named set of codes; ``members`` are canonical codes whose descendants belong too."""

    key: str
    name: str
    members: tuple[str, ...]
    source: str


def _group(key: str, name: str, members: str, source: str) -> IndustryGroup:
    return IndustryGroup(key, name, tuple(normalise_industry(m) for m in members.split()), source)


_DESIGN = "DESIGN.md 指标 services"
_KEY = "吕梁重点产业（facts.md）"
_TOURISM = "旅游相关行业（facts.md）"

#: Named groups used by the metrics and the demo data (DESIGN.md, facts.md).
INDUSTRY_GROUPS: dict[str, IndustryGroup] = {
    group.key: group
    for group in (
        _group("manufacturing", "制造业", "C", "DESIGN.md 指标 manufacturing_mlt"),
        _group("catering", "餐饮业", "H62", _DESIGN),
        _group("retail", "零售业", "F52", _DESIGN),
        _group(
            "culture_sports_entertainment", "文化、体育和娱乐业", "R86 R87 R88 R89 R90", _DESIGN
        ),
        _group("travel_agencies", "旅行社及相关服务", "L7291", _DESIGN),
        _group(
            "services",
            "服务业（餐饮、零售、文体娱乐、旅行社）",
            "H62 F52 R86 R87 R88 R89 R90 L7291",
            _DESIGN,
        ),
        _group("coal_mining", "煤炭开采和洗选业", "B06", _KEY),
        _group("coking", "炼焦等燃料加工业", "C25", _KEY),
        _group("chemicals", "化学原料和化学制品制造业", "C26", _KEY),
        _group("iron_steel", "钢铁（黑色金属冶炼和压延加工业）", "C31", _KEY),
        _group("non_ferrous", "有色金属冶炼和压延加工业（铝）", "C32", _KEY),
        _group("key_industries", "吕梁重点产业（煤、焦、化、钢、铝）", "B06 C25 C26 C31 C32", _KEY),
        _group("tourism", "旅游相关行业", "L7291 L7282 N786 H61", _TOURISM),
    )
}


def _covers(member: str, canonical: str) -> bool:
    """True when ``canonical`` lies inside ``member`` (both canonical codes)."""
    if member.isalpha():
        return canonical[0] == member
    return canonical[1:].startswith(member[1:])


def in_group(code: str, group: str) -> bool:
    """True when the code lies inside the named group ('C3011' in 'manufacturing').

    A coarser code is inside only when all of it is: 'R' is in culture_sports_entertainment
    (R is exactly 86–90), 'L72' is not in travel_agencies (only 7291 is).
    """
    entry = INDUSTRY_GROUPS.get(group)
    if entry is None:
        names = "、".join(INDUSTRY_GROUPS)
        raise InvalidInput(f"没有行业组「{group}」，可用的行业组：{names}。")
    canonical = normalise_industry(code)
    if len(canonical) == 1:
        parts = [
            section + div for div, (section, _) in _divisions().items() if section == canonical
        ]
    else:
        parts = [canonical]
    return all(any(_covers(m, part) for m in entry.members) for part in parts)


def groups_of(code: str) -> list[str]:
    """Keys of the named groups the code lies in, in the order of ``INDUSTRY_GROUPS``."""
    return [key for key in INDUSTRY_GROUPS if in_group(code, key)]
