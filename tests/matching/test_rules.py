"""Matching rules (C-4.4.2): the hard filters, the score in [0, 100] and the words that explain
it, checked on hand-built products and demands and as properties over random ones."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beizeng.enterprise.rules import ENTITY_KINDS, SIZES
from beizeng.matching.rules import (
    SECTIONS,
    Need,
    NeedArrays,
    Offer,
    OfferMatrix,
    best_per_need,
    explain,
    rank_many,
    rank_products,
    score_block,
    top_k,
)
from beizeng.product.rules import GUARANTEES

# A product whose ranges have round log-middles: 1,000,000 yuan (√(10⁵·10⁷)), 12 months (√(6·24)).
OFFER = Offer(
    product_id=1,
    institution_code="LLRCB",
    name="晋享贷",
    entity_kinds=(),
    sizes=(),
    industries=(),
    counties=(),
    guarantee_types=("credit",),
    min_amount=100_000.0,
    max_amount=10_000_000.0,
    min_term=6,
    max_term=24,
    rate_min=0.0385,
    rate_max=0.06,
)
NEED = Need(
    demand_id=1,
    entity_kind="enterprise",
    size="small",
    industry_section="C",
    county="141102",
    amount=1_000_000.0,
    term=12,
    guarantee="credit",
)


def score(need: Need, *offers: Offer, records: dict[str, float] | None = None) -> list[float]:
    """The score of ``need`` against each offer (-1: not eligible)."""
    matrix = OfferMatrix.build(offers, records)
    row = score_block(NeedArrays.build([need], matrix.county_index), matrix)[0]
    return [round(float(s), 6) for s in row]


# ---------------------------------------------------------------- worked scores


def test_a_demand_at_the_middle_of_every_range_scores_96_with_the_default_record() -> None:
    # 100 × (0.25·1 amount + 0.15·1 term + 0.25·1 only rate + 0.15·1 credit + 0.20·0.8 record)
    assert score(NEED, OFFER) == [96.0]


def test_the_edges_of_a_range_score_half_of_its_weight() -> None:
    assert score(replace(NEED, amount=100_000.0), OFFER) == [83.5]  # 96 − 25 × ½
    assert score(replace(NEED, amount=10_000_000.0), OFFER) == [83.5]
    assert score(replace(NEED, term=24), OFFER) == [88.5]  # 96 − 15 × ½
    assert score(replace(NEED, amount=100_000.0, term=6), OFFER) == [76.0]


def test_the_cheapest_rate_among_all_products_earns_the_rate_weight_the_dearest_none() -> None:
    cheap = replace(OFFER, product_id=1, rate_min=0.04)
    middle = replace(OFFER, product_id=2, rate_min=0.05)
    dear = replace(OFFER, product_id=3, rate_min=0.06)
    assert score(NEED, cheap, middle, dear) == [96.0, 83.5, 71.0]


def test_a_product_that_also_lends_on_credit_alone_scores_higher() -> None:
    mortgage = replace(NEED, guarantee="mortgage")
    only = replace(OFFER, guarantee_types=("mortgage",))
    also = replace(OFFER, guarantee_types=("mortgage", "credit"))
    assert score(mortgage, only) == [90.0]  # credit weight 15 × 0.6
    assert score(mortgage, also) == [96.0]


def test_the_banks_record_of_replying_in_time_is_a_fifth_of_the_score() -> None:
    assert score(NEED, OFFER, records={"LLRCB": 1.0}) == [100.0]
    assert score(NEED, OFFER, records={"LLRCB": 0.5}) == [90.0]
    assert score(NEED, OFFER, records={"LLRCB": 0.0}) == [80.0]
    assert score(NEED, OFFER, records={"OTHER": 0.0}) == [96.0]  # another bank's record


# ---------------------------------------------------------------- hard filters


@pytest.mark.parametrize(
    ("offer", "need"),
    [
        (replace(OFFER, entity_kinds=("individual_business",)), NEED),
        (replace(OFFER, sizes=("micro",)), NEED),
        (replace(OFFER, sizes=("small",)), replace(NEED, size=None)),  # size unknown
        (replace(OFFER, industries=("A", "F")), NEED),
        (replace(OFFER, industries=("C",)), replace(NEED, industry_section=None)),
        (replace(OFFER, counties=("141125",)), NEED),
        (replace(OFFER, guarantee_types=("mortgage", "pledge")), NEED),
        (OFFER, replace(NEED, amount=99_999.99)),
        (OFFER, replace(NEED, amount=10_000_000.01)),
        (OFFER, replace(NEED, term=5)),
        (OFFER, replace(NEED, term=25)),
    ],
)
def test_a_product_failing_one_hard_filter_is_not_eligible(offer: Offer, need: Need) -> None:
    assert score(need, offer) == [-1.0]
    assert explain(need, offer).eligible is False
    assert rank_products(need, OfferMatrix.build([offer])) == []


@pytest.mark.parametrize(
    ("offer", "need"),
    [
        (replace(OFFER, entity_kinds=("enterprise",), sizes=("small", "micro")), NEED),
        (replace(OFFER, industries=("C",), counties=("141102", "141125")), NEED),
        (OFFER, replace(NEED, amount=100_000.0, term=6)),  # bounds are inclusive
        (OFFER, replace(NEED, amount=10_000_000.0, term=24)),
        (OFFER, replace(NEED, size=None)),  # unrestricted sizes take an unsized enterprise
    ],
)
def test_a_product_passing_every_hard_filter_is_eligible(offer: Offer, need: Need) -> None:
    [value] = score(need, offer)
    assert value > 0
    assert explain(need, offer).eligible is True


def test_an_individual_business_is_matched_by_its_kind_not_by_a_size() -> None:
    business = replace(NEED, entity_kind="individual_business", size=None)
    for_smes = replace(OFFER, entity_kinds=("enterprise", "individual_business"), sizes=("small",))
    assert score(business, for_smes) == [96.0]
    assert explain(business, for_smes).fits[0] == "个体工商户"
    assert score(business, replace(for_smes, entity_kinds=("enterprise",))) == [-1.0]


def test_a_county_no_product_names_passes_only_products_open_to_the_whole_city() -> None:
    elsewhere = replace(NEED, county="141130")  # 交口县: in no product's list
    local = replace(OFFER, product_id=1, counties=("141102",))
    citywide = replace(OFFER, product_id=2)
    assert score(elsewhere, local, citywide) == [-1.0, 96.0]


# ---------------------------------------------------------------- ranking


def test_products_are_ranked_best_first_rounded_and_explained() -> None:
    dear = replace(OFFER, product_id=1, name="贵", rate_min=0.06)
    cheap = replace(OFFER, product_id=2, name="廉", rate_min=0.04)
    closed = replace(OFFER, product_id=3, name="外县", counties=("141125",), rate_min=0.05)
    matches = rank_products(NEED, OfferMatrix.build([dear, cheap, closed]))
    assert [(m.offer.name, m.score) for m in matches] == [("廉", 96.0), ("贵", 71.0)]
    assert matches[0].fits == (
        "小型企业",
        "信用类",
        "金额在产品范围内",
        "期限在产品范围内",
    )


def test_the_rate_is_ranked_among_every_product_even_one_the_demand_cannot_use() -> None:
    cheap = replace(OFFER, product_id=1, rate_min=0.04)
    dear = replace(OFFER, product_id=2, rate_min=0.06)
    cheapest = replace(OFFER, product_id=3, counties=("141125",), rate_min=0.0385)
    matches = rank_products(NEED, OfferMatrix.build([cheap, dear, cheapest]))
    # 0.04 is 0.0015 / 0.0215 of the way from the cheapest 3.85% to the dearest 6%:
    # 96 − 25 × 0.0698 = 94.26.
    assert [(m.offer.product_id, m.score) for m in matches] == [(1, 94.3), (2, 71.0)]


def test_rank_products_keeps_only_the_best_k() -> None:
    offers = [replace(OFFER, product_id=i, rate_min=0.04 + i / 1000) for i in range(6)]
    matches = rank_products(NEED, OfferMatrix.build(offers), k=2)
    assert [m.offer.product_id for m in matches] == [0, 1]


def test_no_products_give_no_matches() -> None:
    assert rank_products(NEED, OfferMatrix.build([])) == []


def test_the_best_product_per_demand_is_minus_one_when_none_is_eligible() -> None:
    needs = [NEED, replace(NEED, demand_id=2, amount=50.0), replace(NEED, demand_id=3, term=18)]
    cheap = replace(OFFER, product_id=7, rate_min=0.04)
    dear = replace(OFFER, product_id=8, rate_min=0.05)
    idx, best = best_per_need(needs, OfferMatrix.build([dear, cheap]))
    assert idx.tolist() == [1, -1, 1]
    assert best[0] == pytest.approx(96.0) and best[1] == -1.0
    # 18 months: ln 18 is 0.585 of the way from the middle (ln 12) to the edge (ln 24).
    assert best[2] == pytest.approx(96.0 - 15 * 0.5 * math.log(1.5) / math.log(2))


def test_top_k_marks_columns_without_an_eligible_product() -> None:
    scores = np.array([[50.0, -1.0, 70.0], [-1.0, -1.0, -1.0]])
    idx, best = top_k(scores, 2)
    assert idx.tolist() == [[2, 0], [-1, -1]]
    assert best.tolist() == [[70.0, 50.0], [-1.0, -1.0]]


# ---------------------------------------------------------------- explanations


def test_a_fitting_product_is_explained_by_what_fits() -> None:
    offer = replace(OFFER, industries=("C",), counties=("141102",))
    explanation = explain(NEED, offer, county_name="离石区")
    assert str(explanation) == (
        "符合：小型企业、行业符合、离石区、信用类、金额在产品范围内、期限在产品范围内"
    )
    assert explain(NEED, offer).fits[2] == "县区符合"  # no county name given


def test_an_unfitting_product_names_every_condition_it_misses() -> None:
    need = replace(NEED, size="large", industry_section="K", guarantee="mortgage", amount=2e7)
    offer = replace(OFFER, sizes=("small", "micro"), industries=("C",), counties=("141125",))
    explanation = explain(replace(need, term=3), offer)
    assert explanation.misses == (
        "产品不面向大型企业",
        "所属行业不在产品支持范围",
        "所在县区不在产品服务范围",
        "产品不接受抵押方式",
        "金额超过产品上限",
        "期限低于产品下限",
    )
    assert str(explain(replace(need, amount=1e4, term=36), OFFER)) == (
        "符合：大型企业；不符合：产品不接受抵押方式；金额低于产品下限；期限超过产品上限"
    )


def test_the_kind_and_an_unknown_size_are_explained_in_words() -> None:
    for_businesses = replace(OFFER, entity_kinds=("individual_business",))
    assert explain(NEED, for_businesses).misses == ("产品不面向企业",)
    sized = replace(OFFER, sizes=("small",))
    assert explain(replace(NEED, size=None), sized).misses == ("企业规模未知",)


# ---------------------------------------------------------------- properties

COUNTIES = ("141102", "141121", "141125", "141130")
subset = st.lists  # a product's condition: a few distinct codes, empty for "no restriction"


@st.composite
def offers(draw: st.DrawFn, product_id: int = 0) -> Offer:
    low = draw(st.floats(min_value=1e4, max_value=1e7))
    term_low = draw(st.integers(min_value=1, max_value=120))
    return Offer(
        product_id=product_id,
        institution_code=draw(st.sampled_from(["LLRCB", "FYRCB", "ICBCLL"])),
        name=f"产品{product_id}",
        entity_kinds=tuple(draw(subset(st.sampled_from(list(ENTITY_KINDS)), unique=True))),
        sizes=tuple(draw(subset(st.sampled_from(list(SIZES)), unique=True))),
        industries=tuple(draw(subset(st.sampled_from(SECTIONS), unique=True, max_size=4))),
        counties=tuple(draw(subset(st.sampled_from(COUNTIES), unique=True, max_size=3))),
        guarantee_types=tuple(
            draw(subset(st.sampled_from(list(GUARANTEES)), unique=True, min_size=1))
        ),
        min_amount=low,
        max_amount=low * draw(st.floats(min_value=1.0, max_value=1000.0)),
        min_term=term_low,
        max_term=draw(st.integers(min_value=term_low, max_value=360)),
        rate_min=draw(st.floats(min_value=0.02, max_value=0.2)),
        rate_max=0.2,
    )


@st.composite
def needs(draw: st.DrawFn) -> Need:
    kind = draw(st.sampled_from(list(ENTITY_KINDS)))
    return Need(
        demand_id=draw(st.integers(min_value=1, max_value=10**6)),
        entity_kind=kind,
        size=draw(st.sampled_from([*SIZES, None])) if kind == "enterprise" else None,
        industry_section=draw(st.sampled_from([*SECTIONS, None])),
        county=draw(st.sampled_from(COUNTIES)),
        amount=draw(st.floats(min_value=1e3, max_value=1e10)),
        term=draw(st.integers(min_value=1, max_value=360)),
        guarantee=draw(st.sampled_from(list(GUARANTEES))),
    )


@st.composite
def catalogues(draw: st.DrawFn) -> list[Offer]:
    size = draw(st.integers(min_value=1, max_value=5))
    return [draw(offers(product_id=i)) for i in range(size)]


records = st.dictionaries(
    st.sampled_from(["LLRCB", "FYRCB", "ICBCLL"]), st.floats(min_value=0.0, max_value=1.0)
)


@settings(max_examples=120)
@given(needs(), catalogues(), records)
def test_the_score_and_the_explanation_agree_on_every_hard_filter(
    need: Need, catalogue: list[Offer], record: dict[str, float]
) -> None:
    scores = score(need, *catalogue, records=record)
    for offer, value in zip(catalogue, scores, strict=True):
        assert (value >= 0) == explain(need, offer).eligible, (offer, need)


@settings(max_examples=60)
@given(needs(), catalogues(), records)
def test_a_product_failing_a_hard_filter_is_never_ranked(
    need: Need, catalogue: list[Offer], record: dict[str, float]
) -> None:
    ranked = rank_products(need, OfferMatrix.build(catalogue, record), k=len(catalogue))
    eligible = {o.product_id for o in catalogue if explain(need, o).eligible}
    assert {m.offer.product_id for m in ranked} == eligible
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)


@settings(max_examples=60)
@given(needs(), catalogues(), records)
def test_an_eligible_score_lies_between_29_and_100(
    need: Need, catalogue: list[Offer], record: dict[str, float]
) -> None:
    # Lowest: both fits at an edge (½), the dearest rate (0), no credit (0.6), no record (0):
    # 100 × (0.25·½ + 0.15·½ + 0 + 0.15·0.6 + 0) = 29.
    for value in score(need, *catalogue, records=record):
        assert value == -1.0 or 29.0 - 1e-6 <= value <= 100.0 + 1e-6


@settings(max_examples=60)
@given(needs(), offers(), st.floats(min_value=0.02, max_value=0.2))
def test_a_cheaper_rate_never_scores_lower(need: Need, offer: Offer, other_rate: float) -> None:
    cheap, dear = sorted([offer.rate_min, other_rate])
    a = replace(offer, product_id=1, rate_min=cheap)
    b = replace(offer, product_id=2, rate_min=dear)
    first, second = score(need, a, b)
    assert first >= second


@settings(max_examples=60)
@given(needs(), offers(), st.floats(min_value=0.0, max_value=1.0), st.floats(0.0, 1.0))
def test_a_better_reply_record_never_scores_lower(
    need: Need, offer: Offer, one: float, other: float
) -> None:
    low, high = sorted([one, other])
    code = offer.institution_code
    [worse] = score(need, offer, records={code: low})
    [better] = score(need, offer, records={code: high})
    assert better >= worse


@settings(max_examples=60)
@given(offers(), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_an_amount_nearer_the_middle_of_the_range_never_scores_lower(
    offer: Offer, one: float, other: float
) -> None:
    low, high = math.log(offer.min_amount), math.log(offer.max_amount)
    middle = (low + high) / 2
    near, far = sorted([one, other])  # fractions of the way from the middle to the top edge
    need = replace(
        NEED,
        entity_kind="individual_business",
        size=None,
        industry_section=offer.industries[0] if offer.industries else None,
        county=offer.counties[0] if offer.counties else "141102",
        guarantee=offer.guarantee_types[0],
        term=offer.min_term,
    )
    offer = replace(offer, entity_kinds=())
    amounts = [
        max(min(math.exp(middle + f * (high - middle)), offer.max_amount), offer.min_amount)
        for f in (near, far)
    ]
    nearer, farther = (score(replace(need, amount=a), offer)[0] for a in amounts)
    assert nearer >= farther - 1e-6 and farther >= 0


@settings(max_examples=30)
@given(st.lists(needs(), min_size=1, max_size=12), catalogues(), records)
def test_ranking_in_chunks_gives_the_same_scores_as_one_block(
    many: list[Need], catalogue: list[Offer], record: dict[str, float]
) -> None:
    matrix = OfferMatrix.build(catalogue, record)
    _, whole = rank_many(many, matrix, k=3)
    _, chunked = rank_many(many, matrix, k=3, chunk=5)
    assert np.array_equal(whole, chunked)
