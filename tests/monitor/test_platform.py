"""The platform's obligations judged by the shipped plan, through the real providers (wired as
the app wires them) on both backends (C-3.4.1 the four lists, C-3.4.2 five-working-day replies).

Bank A publishes its four lists in May 2022; bank B three in June and the exemption list in
July (late). Applications, by the day the bank picked them up and answered (2022 unless said):

| bank | picked up | answered | counts at 2022-12 as |
| --- | --- | --- | --- |
| A | 03-01 | 03-03 | on time |
| A | 11-01 | 11-21 | overdue (answered late) |
| A | 12-28 | — | not yet due (its deadline is in 2023) |
| B | 2021-12-30 | 01-04 | on time (due in January 2022: this year's) |
| B | 09-05 | 09-06 | on time |
| B | 12-01 | — | overdue (unanswered past its deadline) |
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from beizeng.kit.periods import Period
from beizeng.monitor import platform, service
from beizeng.monitor.evaluation import Evaluation, TargetResult
from beizeng.monitor.platform import explain_rows
from tests.monitor.platform_data import application, at, example_parties, publish_lists, unwired

DECEMBER = Period(2022, 12)


@pytest.fixture
def platform_data(banks: Session, tmp_path: Path) -> Session:
    bank_a, bank_b, firm = example_parties(banks, tmp_path / "in")
    publish_lists(banks, bank_a, at(2022, 5, 10))
    publish_lists(banks, bank_a, at(2022, 8, 1), ["authorization"])  # a later change
    publish_lists(
        banks, bank_b, at(2022, 6, 20), ["authorization", "credit_granting", "acceptance_reply"]
    )
    publish_lists(banks, bank_b, at(2022, 7, 5), ["exemption"])
    application(banks, firm, bank_a, accepted=at(2022, 3, 1), replied=at(2022, 3, 3))
    application(banks, firm, bank_a, accepted=at(2022, 11, 1), replied=at(2022, 11, 21))
    application(banks, firm, bank_a, accepted=at(2022, 12, 28))
    application(banks, firm, bank_b, accepted=at(2021, 12, 30), replied=at(2022, 1, 4))
    application(banks, firm, bank_b, accepted=at(2022, 9, 5), replied=at(2022, 9, 6))
    application(banks, firm, bank_b, accepted=at(2022, 12, 1), amount=800_000)
    return banks


@pytest.fixture
def evaluation(platform_data: Session) -> Evaluation:
    return service.evaluate(platform_data, plan=service.load_plan(), period=DECEMBER)


def result(ev: Evaluation, target: str, subject: str) -> TargetResult:
    [found] = [r for r in ev.results_of(target) if r.subject.code == subject]
    return found


def actual(ev: Evaluation, target: str, subject: str) -> Decimal | None:
    return result(ev, target, subject).first.actual.value


def test_the_four_lists_count_only_those_first_published_by_the_end_of_june(
    evaluation: Evaluation,
) -> None:
    a, b = (result(evaluation, "four_lists_published", code) for code in ("BANKA", "BANKB"))
    assert (a.first.actual.value, a.met) == (4, True)
    assert (b.first.actual.value, b.met) == (3, False)  # the exemption list came in July
    assert not [
        r for r in evaluation.results_of("four_lists_published") if r.subject.level == "city"
    ]
    city = evaluation.indicator("four_lists_on_time", "city", "141100")
    assert city is not None and city.snapshots.value.value is None
    assert "不适用于吕梁市" in (city.snapshots.value.reason or "")


def test_the_reply_rate_is_answered_in_time_over_all_due_for_each_bank_and_the_city(
    evaluation: Evaluation,
) -> None:
    assert actual(evaluation, "demand_reply_on_time", "BANKA") == Decimal("0.5")
    assert actual(evaluation, "demand_reply_on_time", "BANKB") == Decimal(2) / Decimal(3)
    assert actual(evaluation, "demand_reply_on_time", "141100") == Decimal(3) / Decimal(5)
    assert not any(r.met for r in evaluation.results_of("demand_reply_on_time"))
    for code, due in (("BANKA", 2), ("BANKB", 3), ("141100", 5)):
        level = "city" if code == "141100" else "institution"
        item = evaluation.indicator("demand_reply_due", level, code)
        assert item is not None and item.snapshots.value.value == due


def test_the_overdue_count_sums_late_and_unanswered_applications(evaluation: Evaluation) -> None:
    counts = {
        code: (
            actual(evaluation, "demand_reply_overdue", code),
            result(evaluation, "demand_reply_overdue", code).met,
        )
        for code in ("BANKA", "BANKB", "141100")
    }
    assert counts == {"BANKA": (1, False), "BANKB": (1, False), "141100": (2, False)}
    assert result(evaluation, "demand_reply_overdue", "BANKA").verdict.margin == -1


def test_a_month_end_before_the_deadlines_judges_what_was_due_then(platform_data: Session) -> None:
    ev = service.evaluate(platform_data, plan=service.load_plan(), period=DECEMBER)
    # the year start (2021-12) read by the same evaluation: nothing was due in 2021 yet
    item = ev.indicator("demand_reply_due", "institution", "BANKB")
    assert item is not None and item.snapshots.year_start.value == 0
    values = platform.institution_values(platform_data, periods=[Period(2022, 6)])
    assert values[("four_lists_on_time", "BANKB", "2022-06")] == 3
    assert values[("demand_reply_due", "BANKA", "2022-06")] == 1
    assert ("demand_reply_due", "BANKB", "2022-06") in values


def test_explain_rows_are_the_applications_and_lists_counted(platform_data: Session) -> None:
    overdue = explain_rows(
        platform_data, period=DECEMBER, metric="demand_reply_overdue", institution="BANKB"
    )
    assert [(r["institution"], r["balance"]) for r in overdue] == [("BANKB", Decimal(800_000))]
    assert overdue[0]["reasons"].startswith("2022-12-01 提交，期限 2022-12-")
    assert overdue[0]["reasons"].endswith("期末未答复：超时")
    assert overdue[0]["borrower_id"] and overdue[0]["loan_id"] == str(overdue[0]["submission_id"])
    rate = explain_rows(
        platform_data, period=DECEMBER, metric="demand_reply_on_time_share", institution=None
    )
    assert len(rate) == 5  # the denominator: every application due in the year so far
    assert sum(r["reasons"].endswith("：按时") for r in rate) == 3
    assert "2022-03-03 答复：按时" in rate[0]["reasons"]
    lists = explain_rows(
        platform_data, period=DECEMBER, metric="four_lists_on_time", institution="BANKB"
    )
    assert len(lists) == 3 and all(r["reasons"].endswith("期限 2022-06-30：按期") for r in lists)


def test_unwired_the_platform_targets_cannot_be_judged_and_say_why(platform_data: Session) -> None:
    with unwired():
        ev = service.evaluate(platform_data, plan=service.load_plan(), period=DECEMBER)
    for target in ("four_lists_published", "demand_reply_on_time", "demand_reply_overdue"):
        for r in ev.results_of(target):
            assert r.met is None
            assert "未接入平台数据" in (r.verdict.reason or "")
    assert result(ev, "loan_growth", "141100").met is not None  # the ledger targets still judged
