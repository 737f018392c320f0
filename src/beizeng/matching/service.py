"""Matching: products for a demand, demands for a bank, every open demand at once.

The scoring engine under the demand workflow. It reads no demand on its own: the demand feature
loads a demand the principal may see (or passes its visibility rule) and asks here, so matching
knows the catalogue and the scores and the demand feature keeps who sees which demand.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from beizeng.kit.lru import BoundedCache
from beizeng.matching import rules
from beizeng.matching.repository import MatchingRepository
from beizeng.models.demand import Demand
from beizeng.reference.regions import RegionNotFound, get_region

RECORD_TTL_SECONDS = 300.0
"""How long a cached product matrix may use old reply records (a score input, not a filter)."""

MATRIX_ENTRIES = 4
"""Product matrices kept per process: one per database and catalogue stamp is all a server
needs; the bound stops a process that sees many databases (the test suite) or many catalogue
changes from keeping every matrix it ever built (consolidation issue, point 7)."""

_cache: BoundedCache[tuple[str, tuple[object, ...]], tuple[float, rules.OfferMatrix]] = (
    BoundedCache(MATRIX_ENTRIES)
)
"""(database, catalogue stamp) → (monotonic build time, matrix): a catalogue change is a miss."""


def offer_matrix(session: Session) -> rules.OfferMatrix:
    """Every published product as a matrix, rebuilt when the catalogue changes.

    Building needs all products and every bank's reply record (an aggregate over all demands),
    too slow to repeat on each page; the catalogue stamp makes a change visible at once, and the
    reply records are refreshed every few minutes (a monotonic age, not the wall clock: it
    measures how old the matrix is, not what day it is).
    """
    repo = MatchingRepository(session)
    key = (str(session.get_bind().engine.url), repo.catalogue_stamp())
    cached = _cache.get(key)
    now = time.monotonic()
    if cached is not None and now - cached[0] < RECORD_TTL_SECONDS:
        return cached[1]
    matrix = rules.OfferMatrix.build(repo.offers(), repo.records())
    _cache.put(key, (now, matrix))
    return matrix


@dataclass(frozen=True)
class MatchView:
    product_id: int
    product_name: str
    institution_name: str
    score: float
    explanation: str


def _county_name(code: str) -> str:
    try:
        return get_region(code).name
    except RegionNotFound:  # an unknown code is shown as it is
        return code


def matches_for_demand(session: Session, *, demand: Demand, k: int = 10) -> list[MatchView]:
    """The eligible products for ``demand`` (one its caller may see), best first, explained."""
    repo = MatchingRepository(session)
    need = repo.need(demand)
    matrix = offer_matrix(session)
    names = repo.institution_names()
    county = _county_name(need.county)
    return [
        MatchView(
            m.offer.product_id,
            m.offer.name,
            names.get(m.offer.institution_code, m.offer.institution_code),
            m.score,
            str(rules.explain(need, m.offer, county_name=county)),
        )
        for m in rules.rank_products(need, matrix, k=k)
    ]


def explain_product(session: Session, *, demand: Demand, product_id: int) -> str:
    """Why the product a demand applied to fits it or not (shown on the demand page)."""
    repo = MatchingRepository(session)
    offers = repo.offers(product_id=product_id)
    if not offers:
        return "产品已下架"
    need = repo.need(demand)
    return str(rules.explain(need, offers[0], county_name=_county_name(need.county)))


@dataclass(frozen=True)
class BankMatch:
    demand_id: int
    score: float
    product_name: str
    explanation: str


def demands_for_bank(
    session: Session, *, institution_id: int | None, visible: ColumnElement[bool], k: int = 30
) -> list[BankMatch]:
    """The open demands (among ``visible``, the caller's rule of which demands the bank sees) that
    the bank can serve with its products, best fit first (Jiangsu: 抢单)."""
    repo = MatchingRepository(session)
    offers = repo.offers(institution_id=institution_id)
    if not offers:
        return []
    needs = repo.needs(where=visible, open_only=True)
    if not needs:
        return []
    matrix = rules.OfferMatrix.build(offers, repo.records())
    best_idx, best_score = rules.best_per_need(needs, matrix)
    order = [i for i in best_score.argsort()[::-1] if best_idx[i] >= 0][:k]
    result = []
    for i in order:
        offer = matrix.offers[best_idx[i]]
        need = needs[i]
        result.append(
            BankMatch(
                need.demand_id,
                round(float(best_score[i]), 1),
                offer.name,
                str(rules.explain(need, offer, county_name=_county_name(need.county))),
            )
        )
    return result


@dataclass(frozen=True)
class MassRanking:
    demand_ids: list[int]
    product_ids: list[list[int]]
    scores: list[list[float]]


def rank_all_open(session: Session, *, k: int = 5) -> MassRanking:
    """The best ``k`` products for every demand still waiting for a bank (vectorised)."""
    repo = MatchingRepository(session)
    matrix = offer_matrix(session)
    needs = repo.needs(open_only=True)
    idx, best = rules.rank_many(needs, matrix, k=k)
    product_ids = [[matrix.offers[j].product_id for j in row if j >= 0] for row in idx.tolist()]
    scores = [[round(s, 1) for s in row if s >= 0] for row in best.tolist()]
    return MassRanking([n.demand_id for n in needs], product_ids, scores)
