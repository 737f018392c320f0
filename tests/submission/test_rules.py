"""The pure rules of the submissions (C-4.5.1): periods, due days, standings, reasons."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from beizeng.kit.periods import Period
from beizeng.reference.workdays import PACKAGE_ONLY
from beizeng.submission import rules

periods = st.builds(Period, st.integers(1990, 2030), st.integers(1, 12))
days = st.dates(date(2021, 1, 1), date(2030, 12, 1))


@given(periods, days)
def test_a_period_is_open_once_its_month_has_ended_and_from_2000(
    period: Period, today: date
) -> None:
    problem = rules.period_problem(period, today=today)
    assert (problem is None) == (period.year >= 2000 and period.end < today)


def test_the_current_month_and_before_2000_are_refused_in_chinese() -> None:
    assert "尚未结束" in (rules.period_problem(Period(2022, 6), today=date(2022, 6, 30)) or "")
    assert rules.period_problem(Period(2022, 6), today=date(2022, 7, 1)) is None
    assert "早于 2000 年" in (rules.period_problem(Period(1999, 12), today=date(2022, 7, 1)) or "")


@given(st.builds(Period, st.integers(2021, 2029), st.integers(1, 12)), st.integers(1, 40))
def test_the_due_day_is_the_nth_working_day_after_the_month_end(period: Period, n: int) -> None:
    due = rules.due_date(period, calendar=PACKAGE_ONLY, workday=n)
    assert due > period.end and PACKAGE_ONLY.is_workday(due)
    assert (
        sum(
            PACKAGE_ONLY.is_workday(period.end + timedelta(days=d))
            for d in range(1, (due - period.end).days + 1)
        )
        == n
    )


def test_the_default_due_day_of_may_2022_counts_the_dragon_boat_holiday() -> None:
    assert rules.due_date(Period(2022, 5), calendar=PACKAGE_ONLY, workday=10) == date(2022, 6, 15)


@given(st.one_of(st.none(), days), days, days)
def test_standing(first: date | None, due: date, today: date) -> None:
    value = rules.standing(first, due=due, today=today)
    if first is None:
        assert value == (rules.Standing.MISSING if today > due else rules.Standing.WAITING)
        assert rules.needs_reminder(value)
    else:
        assert value == (rules.Standing.ON_TIME if first <= due else rules.Standing.LATE)
        assert not rules.needs_reminder(value)
    assert rules.STANDING_NAMES[value]


@given(st.one_of(st.none(), st.text(max_size=600)), st.booleans(), st.booleans())
def test_a_reason_is_needed_only_for_a_resubmission_that_requires_one(
    reason: str | None, resubmission: bool, required: bool
) -> None:
    problem = rules.reason_problem(reason, resubmission=resubmission, required=required)
    text = (reason or "").strip()
    if len(text) > rules.REASON_MAX:
        assert problem and "不能超过" in problem
    elif resubmission and required and not text:
        assert problem and "须填写原因" in problem
    else:
        assert problem is None


def test_one_reminder_key_per_institution_and_period() -> None:
    a = rules.reminder(institution_id=3, period=Period(2022, 5), due=date(2022, 6, 15))
    b = rules.reminder(institution_id=3, period=Period(2022, 5), due=date(2022, 6, 16))
    c = rules.reminder(institution_id=4, period=Period(2022, 5), due=date(2022, 6, 15))
    assert a.dedupe_key == b.dedupe_key == "ledger_missing:3:2022-05" != c.dedupe_key
    assert "2022年5月" in a.title and "2022年6月15日" in a.title
