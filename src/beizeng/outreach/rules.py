"""Pure rules of the first-loan drive (C-3.3.1 首贷户拓展, C-3.4.8 网格营销): the list file's
columns and row checks, the assignment rule, the contact outcomes and the funnel.

The assignment rule is balanced, explainable and reproducible:

1. A bank may take entities of a county only if it is *present* there: it booked loans in that
   county in the latest accepted ledgers. A county where no bank is present falls back to the
   banks present anywhere in the city (basis ``city``).
2. Each county's entities are shared among its present banks in equal parts, capped by each
   bank's remaining capacity (capacity set by pboc minus the entities it already holds); what a
   full bank cannot take goes to the other banks of the county with room (water-filling). Whole
   numbers by the largest remainder, ties by bank code.
3. Inside a county the entities are ordered by (grid, identifier) and cut into consecutive blocks,
   one per bank in code order: a grid (网格) stays with one bank as far as the quotas allow.
4. Entities beyond every bank's capacity wait (unassigned) for the next run.

The same inputs give the same assignment. Everything is numpy over arrays: 300,000 entities are
a few array operations (``benchmarks/outreach_assign.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

import numpy as np
import numpy.typing as npt

from beizeng.errors import Problem
from beizeng.reference.identifiers import IdentifierInvalid, validate_resident_id, validate_uscc
from beizeng.reference.industries import IndustryInvalid, normalise_industry
from beizeng.reference.regions import luliang_counties

# ---------------------------------------------------------------- the list file

LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "identifier": ("统一社会信用代码", "证件号码", "统一社会信用代码或身份证号", "uscc"),
    "name": ("名称", "主体名称", "企业名称"),
    "kind": ("主体类型", "类型"),
    "county_code": ("县区代码", "所在县区", "县区"),
    "grid": ("网格", "网格编号"),
    "industry_code": ("行业代码", "国民经济行业代码"),
    "registered_capital": ("注册资本（万元）", "注册资本", "注册资金"),
    "established": ("成立日期", "登记日期"),
    "contact": ("联系方式", "联系电话"),
}
REQUIRED = ("identifier", "name", "kind", "county_code")
HEADERS_ZH = {
    "identifier": "统一社会信用代码",
    "name": "名称",
    "kind": "主体类型",
    "county_code": "县区代码",
    "grid": "网格",
    "industry_code": "行业代码",
    "registered_capital": "注册资本（万元）",
    "established": "成立日期",
    "contact": "联系方式",
}

KINDS: dict[str, str] = {
    "enterprise": "企业",
    "individual_business": "个体工商户",
    "farmer_cooperative": "农民专业合作社",
}
_KIND_WORDS = {
    **{v: k for k, v in KINDS.items()},
    **{k: k for k in KINDS},
    "合作社": "farmer_cooperative",
}
_COUNTY_NAMES = {r.name: r.code for r in luliang_counties()}
_COUNTY_CODES = set(_COUNTY_NAMES.values())
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


def aliases() -> dict[str, str]:
    """Header → column, English names and every Chinese name."""
    out: dict[str, str] = {}
    for column, names in LIST_COLUMNS.items():
        out[column] = column
        for name in names:
            out[name] = column
    return out


Bad = Callable[[str, str, str], None]


@dataclass(frozen=True)
class ListedEntity:
    """One checked row of a no-loan list."""

    identifier: str
    name: str
    kind: str
    county_code: str
    grid: str
    industry_code: str | None
    registered_capital_wan: Decimal | None
    established: date | None
    contact: str | None


def check_row(
    row: dict[str, str], *, file: str, line: int, today: date
) -> tuple[ListedEntity | None, list[Problem]]:
    """Check one row; the entity when every rule holds, else the problems (in Chinese)."""
    problems: list[Problem] = []

    def bad(column: str, value: str, rule: str) -> None:
        problems.append(Problem(file, line, HEADERS_ZH[column], value, rule))

    kind_raw = row.get("kind", "")
    kind = _KIND_WORDS.get(kind_raw.strip().lower()) or _KIND_WORDS.get(kind_raw.strip())
    if kind is None:
        bad("kind", kind_raw, "主体类型应为：企业、个体工商户、农民专业合作社")
    identifier_raw = row.get("identifier", "")
    identifier = ""
    try:
        identifier = validate_uscc(identifier_raw)
    except IdentifierInvalid as uscc_error:
        if kind == "individual_business":
            try:
                identifier = validate_resident_id(identifier_raw, today=today)
            except IdentifierInvalid:
                bad("identifier", identifier_raw, "个体工商户须填统一社会信用代码或经营者身份证号")
        else:
            bad("identifier", identifier_raw, uscc_error.rule + "（GB 32100-2015）")
    name = row.get("name", "").strip()
    if not name:
        bad("name", "", "名称必填")
    elif len(name) > 120:
        bad("name", name, "名称不超过 120 个字")
    county_raw = row.get("county_code", "").strip()
    county = county_raw if county_raw in _COUNTY_CODES else _COUNTY_NAMES.get(county_raw)
    if county is None:
        bad(
            "county_code", county_raw, "应为吕梁市所辖县（市、区）的代码或名称，如 141125 或 柳林县"
        )
    grid = row.get("grid", "").strip()
    if len(grid) > 40:
        bad("grid", grid, "网格编号不超过 40 个字符")
    industry: str | None = None
    if row.get("industry_code", "").strip():
        try:
            industry = normalise_industry(row["industry_code"])
        except IndustryInvalid as exc:
            bad("industry_code", row["industry_code"], exc.message)
    capital = _capital(row.get("registered_capital", ""), bad)
    established = _established(row.get("established", ""), today, bad)
    contact = row.get("contact", "").strip() or None
    if contact is not None and len(contact) > 40:
        bad("contact", contact, "联系方式不超过 40 个字符")
    if problems or kind is None or county is None:
        return None, problems
    return (
        ListedEntity(identifier, name, kind, county, grid, industry, capital, established, contact),
        [],
    )


def _capital(text: str, bad: Bad) -> Decimal | None:
    value = text.strip()
    if not value:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        amount = Decimal(-1)
    exponent = amount.as_tuple().exponent
    if not amount.is_finite() or amount < 0 or (isinstance(exponent, int) and exponent < -2):
        bad("registered_capital", value, "注册资本以万元为单位，非负，最多两位小数，不带千分位")
        return None
    return amount


def _established(text: str, today: date, bad: Bad) -> date | None:
    value = text.strip()
    if not value:
        return None
    match = _DATE.match(value.split(" ")[0])
    try:
        day = date(*(int(g) for g in match.groups())) if match else None
    except ValueError:
        day = None
    if day is None or day > today:
        bad("established", value, "成立日期应为 YYYY-MM-DD，且不晚于今天")
        return None
    return day


# ---------------------------------------------------------------- assignment

BASES = {"county": "县域内有放贷记录的银行", "city": "本县无放贷银行，由全市有放贷记录的银行承接"}
ASSIGNMENT_STATUS = {
    "active": "跟进中",
    "declined": "银行退回",
    "expired": "超期未对接",
    "closed": "已获首贷",
}
"""What became of an assignment, as banks and pboc read it."""


@dataclass(frozen=True)
class Assignment:
    """The result of one run: for each entity the bank index (-1: waiting) and the basis."""

    bank: npt.NDArray[np.int32]
    city_basis: npt.NDArray[np.bool_]
    quotas: npt.NDArray[np.int64]  # counties (+1 city fallback) × banks


def _water_fill(need: int, room: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Share ``need`` equally among banks with room, each capped by its room."""
    share = np.zeros_like(room)
    open_ = room > 0
    left = float(need)
    while left > 1e-9 and open_.any():
        equal = left / open_.sum()
        take = np.where(open_, np.minimum(equal, room - share), 0.0)
        share += take
        left -= take.sum()
        open_ &= share < room - 1e-9
    return share


def _round(shares: npt.NDArray[np.float64], total: int) -> npt.NDArray[np.int64]:
    """Whole numbers summing to ``total`` by the largest remainder; ties to the lower index."""
    base = np.floor(shares + 1e-9).astype(np.int64)
    rest = total - int(base.sum())
    if rest > 0:
        order = np.lexsort((np.arange(len(shares)), -(shares - base)))
        base[order[:rest]] += 1
    return base


def county_quotas(
    counts: npt.NDArray[np.int64], presence: npt.NDArray[np.bool_], room: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """How many entities of each county (rows) each bank (columns) takes.

    Counties are served in order of fewest present banks first (those have the least choice);
    a bank's room is shared across its counties as they come. Deterministic.
    """
    quotas = np.zeros(presence.shape, dtype=np.int64)
    left = room.astype(np.float64).copy()
    for county in np.lexsort((np.arange(len(counts)), presence.sum(axis=1))):
        need = int(counts[county])
        if need == 0 or not presence[county].any():
            continue
        avail = np.where(presence[county], left, 0.0)
        take = min(need, int(np.floor(avail.sum() + 1e-9)))
        shares = _water_fill(take, np.floor(avail))
        row = _round(shares, take)
        row = np.minimum(row, np.floor(avail).astype(np.int64))
        quotas[county] = row
        left -= row
    return quotas


def assign(
    county: npt.NDArray[np.int32],
    order_key: npt.NDArray[np.int64],
    presence: npt.NDArray[np.bool_],
    room: npt.NDArray[np.int64],
) -> Assignment:
    """Assign entities (county index, order rank by grid and identifier) to banks.

    ``presence[c, b]``: bank ``b`` booked loans in county ``c``; ``room[b]``: how many more
    entities bank ``b`` may hold. Counties without a present bank use the city fallback row
    (banks present anywhere).
    """
    n_counties, n_banks = presence.shape
    anywhere: npt.NDArray[np.bool_] = np.asarray(presence.any(axis=0))
    served: npt.NDArray[np.bool_] = np.asarray(presence.any(axis=1))
    row_of = np.where(served[county], county, n_counties).astype(np.int32)
    rows = np.vstack([presence, anywhere[None, :]])
    counts = np.bincount(row_of, minlength=n_counties + 1).astype(np.int64)
    quotas = county_quotas(counts, rows, room)
    order = np.lexsort((order_key, row_of))
    sorted_rows = row_of[order]
    starts = np.searchsorted(sorted_rows, np.arange(n_counties + 1))
    position = np.empty(len(county), dtype=np.int64)
    position[order] = np.arange(len(county)) - starts[sorted_rows]
    cumulative = np.cumsum(quotas, axis=1)
    total = cumulative[:, -1] if n_banks else np.zeros(n_counties + 1, dtype=np.int64)
    bank = np.full(len(county), -1, dtype=np.int32)
    if n_banks:
        mine = cumulative[row_of]
        pick = (position[:, None] >= mine).sum(axis=1)
        bank = np.where(position < total[row_of], pick, -1).astype(np.int32)
    return Assignment(bank, row_of == n_counties, quotas)


def pick_for_reassignment(
    candidates: Sequence[str], load: dict[str, int], capacity: dict[str, int], excluded: set[str]
) -> str | None:
    """The bank that takes back an entity a bank declined or left idle: present in the county,
    not one that had it before, with room, the lowest load share (held / capacity), then code."""
    best: tuple[float, str] | None = None
    for code in sorted(candidates):
        cap = capacity.get(code, 0)
        if code in excluded or cap <= load.get(code, 0):
            continue
        key = (load.get(code, 0) / cap, code)
        if best is None or key < best:
            best = key
    return best[1] if best else None


def explain(basis: str, county_name: str, bank_name: str, banks_in_county: int) -> str:
    """The words shown with an assignment."""
    if basis == "city":
        return f"{county_name}暂无放贷银行，由全市有放贷记录的银行按剩余容量分担，本户分给{bank_name}。"
    return (
        f"{county_name}有 {banks_in_county} 家银行有放贷记录，按容量均衡分配、同一网格尽量交由一家"
        f"银行，本户分给{bank_name}。"
    )


# ---------------------------------------------------------------- contacts and the funnel

OUTCOMES: dict[str, str] = {
    "visited": "已走访",
    "unreachable": "无法联系",
    "no_need": "暂无融资需求",
    "demand": "提出融资需求",
    "credit": "已获授信",
    "first_loan": "已获首贷",
}
STAGES: dict[str, str] = {
    "assigned": "已分配",
    "contacted": "已对接",
    "demand": "提出需求",
    "approved": "获得授信",
    "first_loan": "获得首贷",
}
_STAGE_OF = {"demand": "demand", "credit": "approved", "first_loan": "first_loan"}


@dataclass(frozen=True)
class Milestones:
    """The first day each stage was reached for one listed entity (None: not reached)."""

    assigned: date | None
    contacted: date | None
    demand: date | None
    approved: date | None
    first_loan: date | None


def milestones(
    *,
    assigned: date | None,
    contacts: Sequence[tuple[date, str]],
    demand_on: date | None,
    approved_on: date | None,
    first_loan_on: date | None,
) -> Milestones:
    """Each stage's first day from the contacts, the linked platform demand and the ledgers.

    A later stage implies the earlier ones (a first loan found in a ledger counts as contacted,
    demand and approval on that day if nothing earlier was recorded): the loop closes by itself.
    """
    seen: dict[str, date] = {}
    for day, outcome in contacts:
        for stage in ("contacted", _STAGE_OF.get(outcome)):
            if stage and (stage not in seen or day < seen[stage]):
                seen[stage] = day
    reported: tuple[tuple[str, date | None], ...] = (
        ("demand", demand_on),
        ("approved", approved_on),
        ("first_loan", first_loan_on),
    )
    for stage, when in reported:
        if when is not None and (stage not in seen or when < seen[stage]):
            seen[stage] = when
    chain = ["first_loan", "approved", "demand", "contacted"]
    later: date | None = None
    for stage in chain:
        if stage in seen:
            later = seen[stage] if later is None else min(seen[stage], later)
        elif later is not None:
            seen[stage] = later
    if assigned is None and seen:
        assigned = min(seen.values())
    return Milestones(
        assigned,
        seen.get("contacted"),
        seen.get("demand"),
        seen.get("approved"),
        seen.get("first_loan"),
    )
