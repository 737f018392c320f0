"""A derived measure traced to its terms (issue 14 point 3): every measure a target may compare
is either a month-end value or has terms, and the terms recompute the measure."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beizeng.kit.periods import Period
from beizeng.monitor import rules
from beizeng.monitor.errors import MeasureUnknown
from beizeng.monitor.measured import check_measure, measured

LEVELS = {"value", "previous", "year_start"}
amounts = st.decimals(min_value=1, max_value=10**9, places=2, allow_nan=False)


def test_every_measure_is_a_level_or_has_terms_and_a_formula() -> None:
    assert set(rules.MEASURES) == LEVELS | set(rules.MEASURE_TERMS)
    assert set(rules.FORMULAS) == set(rules.MEASURE_TERMS)


@given(now=amounts, before=amounts, older=amounts, start=amounts)
def test_the_terms_recompute_the_measure(
    now: Decimal, before: Decimal, older: Decimal, start: Decimal
) -> None:
    period = Period.parse("2022-09")
    snaps = rules.Snapshots(
        period,
        rules.Reading(now),
        rules.Reading(before),
        rules.Reading(older),
        rules.Reading(start),
    )
    for measure in rules.MEASURE_TERMS:
        found = measured(snaps, measure, "loans", "141100")
        assert found is not None and found.value == snaps.measure(measure).value
        t = {term.term: term.value for term in found.terms}
        assert {term.term: str(term.period) for term in found.terms} == {
            k: v
            for k, v in {
                "value": "2022-09",
                "previous": "2021-09",
                "two_years_ago": "2020-09",
                "year_start": "2021-12",
            }.items()
            if k in t
        }
        recomputed = _by_hand(measure, t)
        assert found.value == recomputed, measure
        assert found.rate == (measure in rules.RATE_MEASURES)


def _by_hand(measure: str, t: dict[str, Decimal | None]) -> Decimal:
    """The measure from its terms, written out as the plan's words define it."""
    now, before, older, start = (t.get(k) or Decimal(0) for k in rules.TERM_NAMES)
    return {
        "growth": lambda: now / before - 1,
        "increase": lambda: now - before,
        "last_year_increase": lambda: before - older,
        "increase_vs_last_year": lambda: (now - before) - (before - older),
        "change_since_year_start": lambda: now - start,
        "growth_since_year_start": lambda: now / start - 1,
    }[measure]()


def test_a_missing_term_gives_the_measure_its_reason() -> None:
    period = Period.parse("2022-12")
    missing = rules.Reading.missing(period.year_ago, "各项贷款")
    snaps = rules.Snapshots(period, rules.Reading(Decimal(5)), missing, missing, missing)
    found = measured(snaps, "increase", "loans", "141100")
    assert found is not None and found.value is None and found.reason == missing.reason


def test_the_value_has_no_measure_and_an_unknown_one_is_named() -> None:
    assert check_measure("value") == "value"
    with pytest.raises(MeasureUnknown, match="口径「speed」不存在"):
        check_measure("speed")
