"""The counting rules of the platform metrics, pure (C-3.4.1 the four lists by 2022-06-30,
C-3.4.2 replies within five working days, year to date by deadline)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from beizeng.demand.rules import ReplyTally, reply_reason, reply_standing
from beizeng.kit.periods import Period
from beizeng.monitor.compute import IndicatorTable
from beizeng.monitor.evaluation import Subject
from beizeng.monitor.platform import roll_up
from beizeng.monitor.rules import Reading, ratio
from beizeng.monitor.service import Numbers
from beizeng.product.rules import FOUR_LISTS, FOUR_LISTS_DEADLINE, list_on_time, lists_on_time

END = date(2022, 12, 31)
days = st.dates(min_value=date(2021, 1, 1), max_value=date(2023, 12, 31))
maybe_days = st.none() | days


def _consistent(
    item: tuple[date, date | None, date | None],
) -> tuple[date, date | None, date | None]:
    """A demand is closed (rejected, disbursed, withdrawn) no earlier than it was answered."""
    deadline, replied, closed = item
    if replied is not None and closed is not None:
        closed = max(closed, replied)
    return deadline, replied, closed


applications_ = st.tuples(days, maybe_days, maybe_days).map(_consistent)


def test_an_answer_on_the_deadline_is_in_time_and_the_day_after_is_late() -> None:
    deadline = date(2022, 3, 8)
    assert reply_standing(deadline, replied_on=deadline, closed_on=None, as_of=END) == "on_time"
    late = deadline + timedelta(days=1)
    assert reply_standing(deadline, replied_on=late, closed_on=late, as_of=END) == "overdue"


def test_unanswered_at_the_close_of_the_period_end_it_is_overdue_even_if_due_that_day() -> None:
    assert reply_standing(END, replied_on=None, closed_on=None, as_of=END) == "overdue"
    assert reply_standing(END, replied_on=None, closed_on=None, as_of=date(2022, 12, 30)) is None


def test_an_answer_after_the_period_end_is_not_known_at_it() -> None:
    deadline = date(2022, 12, 20)
    answer = date(2022, 12, 19)
    assert reply_standing(deadline, replied_on=answer, closed_on=None, as_of=END) == "on_time"
    assert (
        reply_standing(deadline, replied_on=answer, closed_on=None, as_of=date(2022, 11, 30))
        is None
    )
    assert (
        reply_standing(
            date(2022, 11, 20), replied_on=answer, closed_on=None, as_of=date(2022, 11, 30)
        )
        == "overdue"
    )


def test_withdrawn_before_the_deadline_without_an_answer_it_is_owed_nothing() -> None:
    deadline = date(2022, 5, 10)
    before, after = date(2022, 5, 9), date(2022, 5, 11)
    assert reply_standing(deadline, replied_on=None, closed_on=before, as_of=END) is None
    assert reply_standing(deadline, replied_on=None, closed_on=after, as_of=END) == "overdue"


def test_only_deadlines_of_the_year_so_far_count() -> None:
    assert reply_standing(date(2021, 12, 31), replied_on=None, closed_on=None, as_of=END) is None
    assert reply_standing(date(2022, 1, 1), replied_on=None, closed_on=None, as_of=END) == "overdue"


@given(applications_)
def test_every_application_is_judged_in_exactly_one_year_the_year_of_its_deadline(
    item: tuple[date, date | None, date | None],
) -> None:
    deadline, replied, closed = item
    years = [
        year
        for year in (2021, 2022, 2023)
        if reply_standing(deadline, replied_on=replied, closed_on=closed, as_of=date(year, 12, 31))
    ]
    withdrawn_in_time = replied is None and closed is not None and closed <= deadline
    assert years == ([] if withdrawn_in_time else [deadline.year])


@given(st.lists(applications_, max_size=30), days)
def test_the_rate_is_a_share_and_on_time_plus_overdue_is_all_due(
    applications: list[tuple[date, date | None, date | None]], as_of: date
) -> None:
    tally = ReplyTally()
    for deadline, replied, closed in applications:
        found = reply_standing(deadline, replied_on=replied, closed_on=closed, as_of=as_of)
        if found is not None:
            tally = tally.add(found)
    assert tally.on_time + tally.overdue == tally.due <= len(applications)
    share = ratio(
        Reading(Decimal(tally.on_time)), Reading(Decimal(tally.due)), what="到期应答复的融资申请"
    )
    if tally.due:
        assert share.value is not None and 0 <= share.value <= 1
    else:
        assert share.value is None and "为零" in (share.reason or "")


def test_the_reason_names_submission_deadline_answer_and_verdict() -> None:
    text = reply_reason(date(2022, 3, 1), date(2022, 3, 8), date(2022, 3, 7), "on_time")
    assert text == "2022-03-01 提交，期限 2022-03-08，2022-03-07 答复：按时"
    text = reply_reason(date(2022, 3, 1), date(2022, 3, 8), None, "overdue")
    assert text == "2022-03-01 提交，期限 2022-03-08，期末未答复：超时"


def test_a_list_counts_when_first_published_by_the_end_of_june_2022() -> None:
    assert date(2022, 6, 30) == FOUR_LISTS_DEADLINE
    assert list_on_time(date(2022, 6, 30), as_of=END)
    assert not list_on_time(date(2022, 7, 1), as_of=END)
    assert not list_on_time(date(2022, 3, 1), as_of=date(2022, 2, 28))  # not published yet


@given(st.dictionaries(st.sampled_from([*FOUR_LISTS, "other"]), days), days, days)
def test_lists_on_time_is_zero_to_four_and_never_falls_as_time_passes(
    firsts: dict[str, date], as_of: date, later: date
) -> None:
    n = lists_on_time(firsts, as_of=as_of)
    assert 0 <= n <= 4
    assert n <= lists_on_time(firsts, as_of=max(as_of, later))
    assert n == sum(
        1
        for kind, day in firsts.items()
        if kind != "other" and day <= min(as_of, FOUR_LISTS_DEADLINE)
    )


@given(
    st.dictionaries(
        st.tuples(st.sampled_from(["A", "B", "C"]), st.sampled_from(["2022-06", "2022-12"])),
        st.integers(min_value=0, max_value=50),
    )
)
def test_additive_counts_roll_up_to_the_city_and_groups_and_the_lists_do_not(
    counts: dict[tuple[str, str], int],
) -> None:
    values = {}
    for (code, period), n in counts.items():
        values[("demand_reply_overdue", code, period)] = Decimal(n)
        values[("four_lists_on_time", code, period)] = Decimal(n % 5)
    scopes = {"A": "national", "B": "local", "C": "local"}
    out = roll_up(values, city="141100", scopes=scopes)
    for period in ("2022-06", "2022-12"):
        mine = [n for (code, p), n in counts.items() if p == period]
        city = out.get(("demand_reply_overdue", "city", "141100", period))
        assert city == (sum(mine) if mine else None)
        local = [n for (code, p), n in counts.items() if p == period and scopes[code] == "local"]
        assert out.get(("demand_reply_overdue", "group", "local", period)) == (
            sum(local) if local else None
        )
        assert ("four_lists_on_time", "city", "141100", period) not in out
    assert all(
        out[("four_lists_on_time", "institution", c, p)] == n % 5 for (c, p), n in counts.items()
    )


def test_without_a_source_the_metric_has_no_value_and_the_reason_says_why() -> None:
    bank = Subject("institution", "A", "甲银行")
    numbers = Numbers(IndicatorTable({}), Period(2022, 12))
    reading = numbers.snapshots("demand_reply_on_time_share", bank).value
    assert reading.value is None and "未接入平台数据" in (reading.reason or "")


def test_wired_a_bank_without_rows_has_none_counted_and_a_county_is_not_a_subject() -> None:
    wired = frozenset({"demand_reply_due", "demand_reply_on_time", "demand_reply_overdue"})
    numbers = Numbers(IndicatorTable({}), Period(2022, 12), wired | {"demand_reply_on_time_share"})
    bank = Subject("institution", "A", "甲银行")
    assert numbers.snapshots("demand_reply_overdue", bank).value.value == 0
    share = numbers.snapshots("demand_reply_on_time_share", bank).value
    assert share.value is None and "到期应答复的融资申请为零" in (share.reason or "")
    county = Subject("county", "141102", "离石区")
    reading = numbers.snapshots("demand_reply_overdue", county).value
    assert reading.value is None and "不适用于离石区" in (reading.reason or "")
