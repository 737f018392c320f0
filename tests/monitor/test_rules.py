"""Pure rules: measures of a metric (growth, increases, since the start of the year), verdicts."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from beizeng.kit.periods import Period
from beizeng.monitor.rules import (
    Reading,
    Snapshots,
    combine,
    compare,
    not_yet_due,
    ratio_snapshots,
)

JUNE = Period(2022, 6)


def snapshots(values: dict[str, int]) -> Snapshots:
    return Snapshots.of(JUNE, lambda p: None if str(p) not in values else Decimal(values[str(p)]))


def test_measures_of_june_use_a_year_ago_two_years_ago_and_the_previous_december() -> None:
    s = snapshots({"2022-06": 130, "2021-06": 100, "2020-06": 90, "2021-12": 120})
    assert s.measure("growth").value == Decimal("0.3")
    assert s.measure("increase").value == 30
    assert s.measure("last_year_increase").value == 10
    assert s.measure("increase_vs_last_year").value == 20  # 同比多增 30 − 10
    assert s.measure("change_since_year_start").value == 10
    assert s.measure("growth_since_year_start").value == Decimal(130) / Decimal(120) - 1
    assert s.measure("year_start").value == 120


def test_missing_year_ago_snapshot_names_the_month() -> None:
    s = snapshots({"2022-06": 130})
    growth = s.measure("growth")
    assert growth.value is None
    assert growth.reason is not None and "2021-06" in growth.reason


def test_growth_from_zero_is_undefined_with_a_reason() -> None:
    s = snapshots({"2022-06": 5, "2021-06": 0})
    growth = s.measure("growth")
    assert growth.value is None and growth.reason is not None and "为零" in growth.reason


def test_ratio_of_missing_denominator_is_missing() -> None:
    loans = snapshots({"2022-06": 72, "2021-06": 30})
    deposits = Snapshots.of(JUNE, lambda p: None, what="各项存款")
    ratio = ratio_snapshots(loans, deposits, what="各项存款")
    assert ratio.value.value is None
    assert ratio.value.reason == "缺少 2022-06 的各项存款数据"


def test_comparison_margin_is_positive_when_the_target_is_exceeded() -> None:
    verdict = compare(Reading(Decimal("0.12")), ">=", Reading(Decimal("0.10")))
    assert (verdict.met, verdict.margin) == (True, Decimal("0.02"))
    below = compare(Reading(Decimal(3)), "<", Reading(Decimal(5)))
    assert (below.met, below.margin) == (True, Decimal(2))


def test_boundary_value_meets_greater_or_equal_but_not_greater() -> None:
    ten = Reading(Decimal("0.10"))
    assert compare(ten, ">=", ten).met is True
    assert compare(ten, ">", ten).met is False


def test_missing_data_is_never_a_pass_or_a_fail() -> None:
    verdict = compare(Reading(None, "缺少 2021-12 的数据"), ">", Reading(Decimal(1)))
    assert verdict.met is None and verdict.reason == "缺少 2021-12 的数据"


def test_one_failed_check_fails_a_compound_target_even_when_another_is_open() -> None:
    failed = compare(Reading(Decimal(1)), ">", Reading(Decimal(2)))
    open_ = compare(Reading(None, "缺数据"), ">", Reading(Decimal(2)))
    passed = compare(Reading(Decimal(3)), ">", Reading(Decimal(2)))
    assert combine([passed, failed, open_]).met is False
    assert combine([passed, open_]).met is None
    assert combine([passed, passed]).met is True


@given(
    st.integers(min_value=1, max_value=10**12),
    st.integers(min_value=1, max_value=10**12),
    st.integers(min_value=0, max_value=10**12),
)
def test_growth_times_base_is_the_increase(now: int, before: int, earlier: int) -> None:
    values = {JUNE: now, JUNE.year_ago: before, JUNE.shift(-24): earlier}
    s = Snapshots.of(JUNE, lambda p: Decimal(values[p]) if p in values else None)
    growth, increase = s.measure("growth").value, s.measure("increase").value
    assert growth is not None and increase is not None
    assert abs(growth * before - increase) < Decimal("1e-12") * max(now, before)
    assert s.measure("last_year_increase").value == before - earlier
    assert s.measure("increase_vs_last_year").value == increase - (before - earlier)


def test_a_target_before_its_due_month_end_is_neither_met_nor_failed() -> None:
    verdict = not_yet_due(Period(2022, 6), Period(2022, 3))
    assert verdict is not None and (verdict.met, verdict.margin) == (None, None)
    assert verdict.reason == "该目标考核时点为2022年6月末，本期（2022年3月末）尚未到期"


@given(st.integers(0, 30))
def test_from_its_due_month_end_on_a_target_is_judged(months: int) -> None:
    assert not_yet_due(Period(2022, 6), Period(2022, 6).shift(months)) is None
    assert not_yet_due(None, Period(2022, 6).shift(-months)) is None
