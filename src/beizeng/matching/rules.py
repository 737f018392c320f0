"""Pure matching of financing demands against credit products (C-4.4.2 demand matching).

A product is eligible for a demand when it passes every hard filter taken from its conditions
(entity kind, size, industry section, county, amount and term ranges, accepted guarantee). The
eligible ones are ranked by a score in [0, 100]: how well the amount and the term sit inside the
product's ranges, how cheap the rate is among all products, whether it lends on credit alone,
and the bank's record of replying in time. Ranking many demands at once is vectorised with
numpy over bit masks and arrays; one demand is the same computation with one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from beizeng.enterprise.rules import ENTITY_KINDS, SIZES, entity_label
from beizeng.product.rules import GUARANTEES

SECTIONS = "ABCDEFGHIJKLMNOPQRST"
KIND_BITS = {k: 1 << i for i, k in enumerate(ENTITY_KINDS)}
SIZE_BITS = {k: 1 << i for i, k in enumerate(SIZES)}
SECTION_BITS = {s: 1 << i for i, s in enumerate(SECTIONS)}
GUARANTEE_BITS = {g: 1 << i for i, g in enumerate(GUARANTEES)}

WEIGHTS = {"amount": 0.25, "term": 0.15, "rate": 0.25, "guarantee": 0.15, "record": 0.20}
"""Score weights; they add up to 1 so the score reads as a percentage."""

DEFAULT_RECORD = 0.8
"""On-time reply share assumed for a bank with no replies yet."""

Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Offer:
    """A product's conditions, as matching sees them. Empty tuples mean "no restriction"."""

    product_id: int
    institution_code: str
    name: str
    entity_kinds: tuple[str, ...]
    sizes: tuple[str, ...]
    industries: tuple[str, ...]
    counties: tuple[str, ...]
    guarantee_types: tuple[str, ...]
    min_amount: float
    max_amount: float
    min_term: int
    max_term: int
    rate_min: float
    rate_max: float


@dataclass(frozen=True)
class Need:
    """A demand with its enterprise's profile."""

    demand_id: int
    entity_kind: str
    size: str | None
    industry_section: str | None
    county: str
    amount: float
    term: int
    guarantee: str


def _mask(values: Sequence[str], bits: dict[str, int]) -> int:
    out = 0
    for v in values:
        out |= bits.get(v, 0)
    return out


@dataclass(frozen=True)
class OfferMatrix:
    """Products as columns of arrays, built once and reused for every demand."""

    offers: tuple[Offer, ...]
    county_index: dict[str, int]
    kind: IntArray
    size: IntArray
    industry: IntArray
    county: IntArray
    guarantee: IntArray
    min_amount: Array
    max_amount: Array
    min_term: Array
    max_term: Array
    rate_score: Array
    credit_ok: Array
    record: Array

    @classmethod
    def build(cls, offers: Sequence[Offer], records: dict[str, float] | None = None) -> OfferMatrix:
        """Encode products; ``records`` maps institution code → share of replies in time."""
        records = records or {}
        counties = sorted({c for o in offers for c in o.counties})
        county_index = {c: i for i, c in enumerate(counties)}
        county_bits = {c: 1 << i for c, i in county_index.items()}

        def ints(fn: object) -> IntArray:
            return np.array([fn(o) for o in offers], dtype=np.int64)  # type: ignore[operator]

        def floats(fn: object) -> Array:
            return np.array([fn(o) for o in offers], dtype=np.float64)  # type: ignore[operator]

        rate = floats(lambda o: o.rate_min)
        span = float(rate.max() - rate.min()) if len(offers) else 0.0
        rate_score = 1.0 - (rate - rate.min()) / span if span > 0 else np.ones_like(rate)
        return cls(
            offers=tuple(offers),
            county_index=county_index,
            kind=ints(lambda o: _mask(o.entity_kinds, KIND_BITS)),
            size=ints(lambda o: _mask(o.sizes, SIZE_BITS)),
            industry=ints(lambda o: _mask(o.industries, SECTION_BITS)),
            county=ints(lambda o: _mask(o.counties, county_bits)),
            guarantee=ints(lambda o: _mask(o.guarantee_types, GUARANTEE_BITS)),
            min_amount=floats(lambda o: o.min_amount),
            max_amount=floats(lambda o: o.max_amount),
            min_term=floats(lambda o: o.min_term),
            max_term=floats(lambda o: o.max_term),
            rate_score=rate_score,
            credit_ok=floats(lambda o: 1.0 if "credit" in o.guarantee_types else 0.6),
            record=floats(lambda o: records.get(o.institution_code, DEFAULT_RECORD)),
        )

    def __len__(self) -> int:
        return len(self.offers)


@dataclass(frozen=True)
class NeedArrays:
    """Demands as rows of arrays (bits of the values each demand has)."""

    kind: IntArray
    size: IntArray
    industry: IntArray
    county: IntArray
    guarantee: IntArray
    amount: Array
    term: Array

    @classmethod
    def build(cls, needs: Sequence[Need], county_index: dict[str, int]) -> NeedArrays:
        def ints(values: list[int]) -> IntArray:
            return np.array(values, dtype=np.int64)

        return cls(
            kind=ints([KIND_BITS.get(n.entity_kind, 0) for n in needs]),
            size=ints([SIZE_BITS.get(n.size or "", 0) for n in needs]),
            industry=ints([SECTION_BITS.get(n.industry_section or "", 0) for n in needs]),
            county=ints(
                [1 << county_index[n.county] if n.county in county_index else 0 for n in needs]
            ),
            guarantee=ints([GUARANTEE_BITS.get(n.guarantee, 0) for n in needs]),
            amount=np.array([n.amount for n in needs], dtype=np.float64),
            term=np.array([n.term for n in needs], dtype=np.float64),
        )


def _allowed(offer_mask: IntArray, need_bits: IntArray) -> npt.NDArray[np.bool_]:
    """Row × column: the product does not restrict this attribute, or allows the demand's value."""
    return (offer_mask[None, :] == 0) | ((offer_mask[None, :] & need_bits[:, None]) != 0)


def _fit(value: Array, low: Array, high: Array) -> Array:
    """1 at the middle of [low, high] on a log scale, 0.5 at the edges (amounts span decades)."""
    lv, ll, lh = np.log(value)[:, None], np.log(low)[None, :], np.log(high)[None, :]
    half = np.maximum((lh - ll) / 2.0, 1e-9)
    return 1.0 - 0.5 * np.clip(np.abs(lv - (ll + lh) / 2.0) / half, 0.0, 1.0)


def score_block(needs: NeedArrays, m: OfferMatrix) -> Array:
    """Scores (rows: demands, columns: products); ineligible pairs are -1."""
    individual = needs.kind == KIND_BITS["individual_business"]
    size_ok = _allowed(m.size, needs.size) | individual[:, None]
    eligible = (
        _allowed(m.kind, needs.kind)
        & size_ok
        & _allowed(m.industry, needs.industry)
        & _allowed(m.county, needs.county)
        & ((m.guarantee[None, :] & needs.guarantee[:, None]) != 0)
        & (needs.amount[:, None] >= m.min_amount[None, :])
        & (needs.amount[:, None] <= m.max_amount[None, :])
        & (needs.term[:, None] >= m.min_term[None, :])
        & (needs.term[:, None] <= m.max_term[None, :])
    )
    w = WEIGHTS
    score = 100.0 * (
        w["amount"] * _fit(needs.amount, m.min_amount, m.max_amount)
        + w["term"] * _fit(needs.term, m.min_term, m.max_term)
        + (w["rate"] * m.rate_score + w["guarantee"] * m.credit_ok + w["record"] * m.record)[
            None, :
        ]
    )
    return np.where(eligible, score, -1.0)


def top_k(scores: Array, k: int) -> tuple[IntArray, Array]:
    """Indices and scores of the best ``k`` columns of each row, best first (-1: none)."""
    k = min(k, scores.shape[1])
    if k == 0:
        return np.zeros((scores.shape[0], 0), dtype=np.int64), np.zeros((scores.shape[0], 0))
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    part_scores = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(-part_scores, axis=1, kind="stable")
    idx = np.take_along_axis(part, order, axis=1)
    best = np.take_along_axis(part_scores, order, axis=1)
    return np.where(best >= 0, idx, -1), best


def rank_many(
    needs: Sequence[Need], m: OfferMatrix, *, k: int = 5, chunk: int = 256
) -> tuple[IntArray, Array]:
    """The best ``k`` products for each demand (indices into ``m.offers``, -1 for none)."""
    idx_parts, score_parts = [], []
    for start in range(0, len(needs), chunk):
        block = NeedArrays.build(needs[start : start + chunk], m.county_index)
        idx, best = top_k(score_block(block, m), k)
        idx_parts.append(idx)
        score_parts.append(best)
    if not idx_parts:
        return np.zeros((0, k), dtype=np.int64), np.zeros((0, k))
    return np.vstack(idx_parts), np.vstack(score_parts)


@dataclass(frozen=True)
class Match:
    offer: Offer
    score: float
    fits: tuple[str, ...]


def rank_products(need: Need, m: OfferMatrix, *, k: int = 10) -> list[Match]:
    """The eligible products for one demand, best first, each explained in words."""
    if len(m) == 0:
        return []
    idx, best = rank_many([need], m, k=k)
    return [
        Match(m.offers[i], round(float(s), 1), explain(need, m.offers[i]).fits)
        for i, s in zip(idx[0], best[0], strict=True)
        if i >= 0
    ]


def best_per_need(needs: Sequence[Need], m: OfferMatrix) -> tuple[IntArray, Array]:
    """For each demand, its best product among ``m`` (a bank's products) and that score."""
    idx, best = rank_many(needs, m, k=1)
    return idx[:, 0], best[:, 0]


@dataclass(frozen=True)
class Explanation:
    fits: tuple[str, ...]
    misses: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return not self.misses

    def __str__(self) -> str:
        parts = []
        if self.fits:
            parts.append("符合：" + "、".join(self.fits))
        if self.misses:
            parts.append("不符合：" + "；".join(self.misses))
        return "；".join(parts)


def explain(need: Need, offer: Offer, *, county_name: str | None = None) -> Explanation:
    """Why a product fits a demand or not, in the words a clerk would use."""
    fits: list[str] = []
    misses: list[str] = []
    label = entity_label(need.entity_kind, need.size)
    if offer.entity_kinds and need.entity_kind not in offer.entity_kinds:
        misses.append(f"产品不面向{ENTITY_KINDS.get(need.entity_kind, need.entity_kind)}")
    elif need.entity_kind == "enterprise" and offer.sizes and need.size not in offer.sizes:
        misses.append("企业规模未知" if need.size is None else f"产品不面向{label}")
    else:
        fits.append(label)
    if offer.industries:
        if need.industry_section in offer.industries:
            fits.append("行业符合")
        else:
            misses.append("所属行业不在产品支持范围")
    if offer.counties:
        if need.county in offer.counties:
            fits.append(county_name or "县区符合")
        else:
            misses.append("所在县区不在产品服务范围")
    if need.guarantee in offer.guarantee_types:
        fits.append(f"{GUARANTEES.get(need.guarantee, need.guarantee)}类")
    else:
        misses.append(f"产品不接受{GUARANTEES.get(need.guarantee, need.guarantee)}方式")
    if need.amount > offer.max_amount:
        misses.append("金额超过产品上限")
    elif need.amount < offer.min_amount:
        misses.append("金额低于产品下限")
    else:
        fits.append("金额在产品范围内")
    if need.term > offer.max_term:
        misses.append("期限超过产品上限")
    elif need.term < offer.min_term:
        misses.append("期限低于产品下限")
    else:
        fits.append("期限在产品范围内")
    return Explanation(tuple(fits), tuple(misses))
