"""Synthetic market entities and personal borrowers of Lüliang, generated column-wise.

Entities are laid out in pools: all entities of one borrower class in one county are contiguous,
in random order. Within a pool, the first ``borrowed_before`` entities had loans before the demo
starts; the rest have never borrowed, and the loan generator hands them out in order as first-loan
borrowers (首贷户). Entities never handed out are the ones a no-loan list (无贷户名单) should find.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from beizeng.demo import names, synthetic_ids
from beizeng.demo.columns import money_from_fen, strings
from beizeng.demo.rules import (
    BORROWED_BEFORE_SHARE,
    BORROWER_TYPE,
    CLASS_ENTITY_SHARE,
    CLASSES,
    COUNTY_WEIGHTS,
    ENTERPRISE_SIZE,
    HISTORIC_ID_SHARE,
    INCLUSIVE_LINE,
    INDUSTRIES,
    OWNERSHIP_SHARES,
    OWNERSHIP_WORDS,
    PERSONAL_INDUSTRIES,
    PROFILES,
    TYPICAL_EMPLOYEES,
    Scale,
)
from beizeng.reference.regions import get_region
from beizeng.reference.sizing import sizing_group

COUNTIES: tuple[str, ...] = tuple(COUNTY_WEIGHTS)
INDUSTRY_CODES: tuple[str, ...] = tuple(i[0] for i in INDUSTRIES) + tuple(
    p[0] for p in PERSONAL_INDUSTRIES
)
NEW_STYLE_FROM = np.datetime64("2015-10-01")
"""三证合一: codes issued from October 2015 carry new-style bodies (MA…)."""
_HISTORIC = {
    "141102": 142302, "141181": 142301, "141182": 142303, "141121": 142322, "141122": 142323,
    "141123": 142325, "141124": 142326, "141125": 142327, "141126": 142328, "141127": 142329,
    "141128": 142330, "141129": 142332, "141130": 142333,
}  # fmt: skip
"""Former 吕梁地区 codes (1423xx) of each county, as in ``reference/data/regions_historic.csv``."""


@dataclass
class Entities:
    """Every entity of a demo, one array per attribute (index = entity number)."""

    cls: np.ndarray  # index into CLASSES
    county: np.ndarray  # index into COUNTIES
    industry: np.ndarray  # index into INDUSTRY_CODES
    credit_line: np.ndarray  # yuan, the line any bank grants this borrower
    established: np.ndarray  # datetime64[D]; NaT for persons
    ids: pa.Array
    names: pa.Array
    details: pa.Table  # the other columns of entities.csv
    pool_offsets: (
        np.ndarray
    )  # pool p = cls × len(COUNTIES) + county spans [offsets[p], offsets[p+1])
    borrowed_before: np.ndarray  # per pool: first index that had never borrowed

    def __len__(self) -> int:
        return len(self.cls)


def pool_of(cls: np.ndarray, county: np.ndarray) -> np.ndarray:
    return cls.astype(np.int64) * len(COUNTIES) + county


def _choice(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    return rng.choice(len(weights), size=n, p=weights / weights.sum())


def _log_uniform(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return np.exp(rng.uniform(np.log(low), np.log(high)))


def _industries(rng: np.random.Generator, cls: np.ndarray) -> np.ndarray:
    out = np.empty(len(cls), dtype=np.int16)
    column = {"enterprise": 1, "individual_business": 2, "micro_owner": 2, "farmer": 3}
    for k, name in enumerate(CLASSES):
        mask = cls == k
        kind = BORROWER_TYPE[name]
        if kind == "personal":
            weights = np.array([w for _, w in PERSONAL_INDUSTRIES])
            out[mask] = len(INDUSTRIES) + _choice(rng, weights, int(mask.sum()))
        else:
            weights = np.array([row[column[kind]] for row in INDUSTRIES], dtype=float)
            out[mask] = _choice(rng, weights, int(mask.sum()))
    return out


def _credit_lines(rng: np.random.Generator, cls: np.ndarray) -> np.ndarray:
    """Lines by class (lognormal, rounded to 10,000 yuan), a few exactly at the 10,000,000 boundary."""
    line = np.empty(len(cls), dtype=np.int64)
    for k, name in enumerate(CLASSES):
        mask = cls == k
        p = PROFILES[name]
        raw = rng.lognormal(np.log(p.line_median), p.line_sigma, int(mask.sum()))
        value = np.round(np.clip(raw, p.line_min, p.line_max), -4).astype(np.int64)
        boundary = rng.random(len(value)) < p.at_boundary
        line[mask] = np.where(boundary, INCLUSIVE_LINE, value)
    return line


def _sized_indicators(
    rng: np.random.Generator, industry: np.ndarray, size: np.ndarray
) -> dict[str, np.ndarray]:
    """Employees, revenue and assets (万元) that size exactly as ``size`` under the standard.

    Each indicator of the industry's group is drawn inside the band of the size: large at or
    above the large bounds; medium in [medium, large); small in [small, medium); micro below the
    small bound on the first indicator (工信部联企业〔2011〕300号: both lower bounds, micro on either).
    """
    n = len(industry)
    out = {name: np.full(n, np.nan) for name in ("employees", "revenue", "assets")}
    sizes = ("large", "medium", "small", "micro")
    for i, code in enumerate(INDUSTRY_CODES[: len(INDUSTRIES)]):
        group = sizing_group(code)
        for s, size_name in enumerate(sizes):
            mask = (industry == i) & (size == s)
            m = int(mask.sum())
            if not m:
                continue
            for j, bound in enumerate(group.bounds):
                large, medium, small = float(bound.large), float(bound.medium), float(bound.small)
                low, high = {
                    "large": (large, large * 3),
                    "medium": (medium, large),
                    "small": (small, medium),
                    "micro": (max(small / 10, 1), small) if j == 0 else (small / 5, medium),
                }[size_name]
                out[bound.indicator][mask] = _log_uniform(rng, np.full(m, low), np.full(m, high))
            if np.isnan(out["employees"][mask]).all():
                low, high = TYPICAL_EMPLOYEES[size_name]
                out["employees"][mask] = rng.uniform(low, high, m)
    out["employees"] = np.floor(out["employees"])
    revenue, assets = out["revenue"], out["assets"]
    out["revenue"] = np.where(np.isnan(revenue), assets * rng.uniform(0.4, 1.5, n), revenue)
    out["assets"] = np.where(np.isnan(assets), out["revenue"] * rng.uniform(0.6, 2.5, n), assets)
    return {k: np.floor(v * 100) / 100 for k, v in out.items()}


def _counts(scale: Scale) -> np.ndarray:
    total = scale.loans * scale.entities_per_loan
    shares = np.array([CLASS_ENTITY_SHARE[c] for c in CLASSES])
    county = np.array(list(COUNTY_WEIGHTS.values()))
    counts = np.round(total * shares[:, None] * county[None, :] / county.sum()).astype(np.int64)
    return np.maximum(counts, 2).ravel()


def _dates(rng: np.random.Generator, first: str, last: str, n: int) -> np.ndarray:
    start, end = np.datetime64(first), np.datetime64(last)
    return start + rng.integers(0, int((end - start).astype(int)) + 1, n).astype("timedelta64[D]")


def _numbers(values: np.ndarray, present: np.ndarray, kind: str) -> pa.Array:
    """Integers, or money with two decimals, null where ``present`` is false."""
    if kind == "int":
        return pa.array(values.astype(np.int64), mask=~present)
    return money_from_fen(np.round(np.nan_to_num(values) * 100).astype(np.int64), ~present)


def generate_entities(rng: np.random.Generator, scale: Scale, *, salt: int) -> Entities:
    """All entities of a scale: identifiers, names, industries, sizes, lines, pools."""
    counts = _counts(scale)
    offsets = np.r_[0, np.cumsum(counts)]
    pools = np.repeat(np.arange(len(counts)), counts)
    cls = (pools // len(COUNTIES)).astype(np.int8)
    county = (pools % len(COUNTIES)).astype(np.int8)
    n = len(pools)
    before_share = np.array([BORROWED_BEFORE_SHARE[c] for c in CLASSES])
    borrowed_before = offsets[:-1] + np.maximum(
        1, np.round(counts * before_share[np.arange(len(counts)) // len(COUNTIES)])
    ).astype(np.int64)
    position = np.arange(n) - offsets[pools]
    had_loans = offsets[pools] + position < borrowed_before[pools]

    kind = np.array([BORROWER_TYPE[c] for c in CLASSES])[cls]
    is_enterprise = kind == "enterprise"
    is_business = is_enterprise | (kind == "individual_business")
    industry = _industries(rng, cls)
    county_codes = np.array([int(c) for c in COUNTIES])[county]
    county_names = pa.array([get_region(c).name for c in COUNTIES]).take(pa.array(county))

    established = np.where(
        had_loans,
        _dates(rng, "1995-01-01", "2019-12-31", n),
        np.where(
            rng.random(n) < 0.5,
            _dates(rng, "2005-01-01", "2019-12-31", n),
            _dates(rng, "2020-01-01", "2022-11-30", n),
        ),
    )
    established = np.where(is_business, established, np.datetime64("NaT"))
    ids = synthetic_ids.uscc(
        kind=np.where(is_enterprise, 1, 2),
        county=county_codes,
        serial=np.arange(n),
        new_style=established >= NEW_STYLE_FROM,
        salt=salt,
    )
    birth = _dates(rng, "1957-01-01", "2002-12-31", n)
    historic = np.array([_HISTORIC[c] for c in COUNTIES])[county]
    address = np.where(rng.random(n) < HISTORIC_ID_SHARE, historic, county_codes)
    male = rng.random(n) < 0.6
    keys = address.astype(np.int64) * 100_000 + (birth - np.datetime64("1900-01-01")).astype(
        np.int64
    )
    person_ids = synthetic_ids.resident_id(
        address=address, birth=birth, sequence=synthetic_ids.unique_sequences(keys, male)
    )
    ids = pc.if_else(pa.array(is_business), ids, person_ids)

    words = pa.array([row[4] for row in INDUSTRIES] + [""] * len(PERSONAL_INDUSTRIES))
    shop_lists = [row[5] or ("商行",) for row in INDUSTRIES] + [("商行",)] * len(
        PERSONAL_INDUSTRIES
    )
    shop_flat = pa.array([w for lst in shop_lists for w in lst])
    shop_start = np.r_[0, np.cumsum([len(lst) for lst in shop_lists])]
    shop_count = np.diff(shop_start)
    shop_pick = shop_start[industry] + np.floor(rng.random(n) * shop_count[industry]).astype(int)
    size_names = np.array([ENTERPRISE_SIZE.get(c, "") for c in CLASSES])[cls]
    enterprise_names = names.enterprise_names(
        rng,
        county_names=county_names,
        industry_words=words.take(pa.array(industry)),
        large=size_names == "large",
    )
    shop_names = names.shop_names(
        rng, county_names=county_names, shop_words=shop_flat.take(pa.array(shop_pick))
    )
    person_names = names.person_names(rng, male)
    all_names = pc.if_else(
        pa.array(is_enterprise),
        enterprise_names,
        pc.if_else(pa.array(is_business), shop_names, person_names),
    )

    size_index = {"large": 0, "medium": 1, "small": 2, "micro": 3}
    size = np.array([size_index[ENTERPRISE_SIZE.get(c, "micro")] for c in CLASSES])[cls]
    sized = _sized_indicators(rng, industry, size)
    employees = np.where(
        is_enterprise,
        sized["employees"],
        np.where(kind == "farmer", rng.integers(1, 5, n), rng.integers(1, 10, n)),
    )
    small_revenue = np.where(kind == "farmer", 2.0, 5.0), np.where(kind == "farmer", 30.0, 300.0)
    revenue = np.where(
        is_enterprise,
        sized["revenue"],
        np.floor(_log_uniform(rng, *small_revenue) * 100) / 100,
    )
    assets = np.where(
        is_enterprise, sized["assets"], np.floor(revenue * rng.uniform(30, 150, n)) / 100
    )
    capital = np.where(
        is_enterprise,
        np.floor(np.clip(assets * rng.uniform(0.1, 0.5, n), 3, None)),
        np.floor(rng.uniform(1, 50, n)),
    )
    ownership = np.zeros(n, dtype=np.int64)
    for size_name, shares in OWNERSHIP_SHARES.items():
        mask = size_names == size_name
        ownership[mask] = _choice(rng, np.array(shares), int(mask.sum()))
    contact = names.join(
        pa.array(np.array(["13", "15", "18", "17"])[rng.integers(0, 4, n)]),
        pa.array(rng.integers(0, 10, n).astype(str)),
        "****",
        pa.array(np.char.zfill(rng.integers(0, 10_000, n).astype(str), 4)),
    )
    has_figures = kind != "personal"
    details = pa.table(
        {
            "kind": strings(kind),
            "county_code": strings(county_codes.astype(str)),
            "industry_code": pa.array(INDUSTRY_CODES).take(pa.array(industry)),
            "enterprise_size": strings(size_names, ~is_enterprise),
            "ownership": strings(np.array(OWNERSHIP_WORDS)[ownership], ~is_enterprise),
            "employees": _numbers(employees, has_figures, "int"),
            "revenue_wan": _numbers(revenue, has_figures, "money"),
            "assets_wan": _numbers(assets, has_figures, "money"),
            "registered_capital": _numbers(capital, is_business, "money"),
            "contact": contact,
        }
    )
    return Entities(
        cls=cls,
        county=county,
        industry=industry,
        credit_line=_credit_lines(rng, cls),
        established=established,
        ids=ids,
        names=all_names,
        details=details,
        pool_offsets=offsets,
        borrowed_before=borrowed_before,
    )
