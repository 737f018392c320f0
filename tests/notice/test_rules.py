"""Pure rules of the follow-up: the deadline in working days, the stages, the reminders, who a
notice is for and the bounds of filed measures (no fixtures)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from beizeng.notice import rules
from beizeng.reference.workdays import PACKAGE_ONLY
from beizeng.reports.rectification import (
    REMIND_WORKDAYS,
    FollowUp,
    Rectification,
    TrackedNotice,
    count_stages,
    rectification_deadline,
    rectification_sentence,
    reminder,
    stage,
)

DEADLINE = date(2022, 6, 28)
days = st.dates(min_value=date(2022, 1, 1), max_value=date(2023, 12, 31))
maybe_days = st.none() | days


def test_deadline_counts_working_days_across_the_dragon_boat_holiday() -> None:
    # Issued Monday 2022-05-30; 端午 2022-06-03 (Friday) is off: 5-31, 6-1, 6-2 (3),
    # 6-6 … 6-10 (8), 6-13 … 6-17 (13), 6-20, 6-21 (15).
    assert rectification_deadline(date(2022, 5, 30), 15, PACKAGE_ONLY) == date(2022, 6, 21)


@given(issued=days, workdays=st.integers(min_value=1, max_value=60))
def test_deadline_is_a_working_day_exactly_that_many_working_days_later(
    issued: date, workdays: int
) -> None:
    deadline = rectification_deadline(issued, workdays, PACKAGE_ONLY)
    assert PACKAGE_ONLY.is_workday(deadline)
    assert PACKAGE_ONLY.workdays_between(issued, deadline) == workdays


def test_stages_in_order_of_the_follow_up() -> None:
    today = date(2022, 6, 20)
    assert stage(FollowUp(DEADLINE, None, None), today) == "unacknowledged"
    assert stage(FollowUp(DEADLINE, date(2022, 6, 16), None), today) == "acknowledged"
    assert stage(FollowUp(DEADLINE, date(2022, 6, 16), date(2022, 6, 28)), today) == "filed"
    assert stage(FollowUp(DEADLINE, date(2022, 6, 16), date(2022, 6, 29)), today) == "filed_late"
    assert stage(FollowUp(DEADLINE, date(2022, 6, 16), None), date(2022, 6, 29)) == "overdue"
    assert stage(FollowUp(None, None, None), date(2030, 1, 1)) == "unacknowledged"


@given(deadline=maybe_days, acknowledged=maybe_days, filed=maybe_days, today=days)
def test_overdue_exactly_when_the_deadline_passed_without_measures(
    deadline: date | None, acknowledged: date | None, filed: date | None, today: date
) -> None:
    got = stage(FollowUp(deadline, acknowledged, filed), today)
    assert got in rules.STAGES
    assert (got == "overdue") == (filed is None and deadline is not None and today > deadline)
    assert (got in ("filed", "filed_late")) == (filed is not None)


def test_reminders_from_three_working_days_before_and_after_the_deadline() -> None:
    open_ = FollowUp(DEADLINE, date(2022, 6, 16), None)  # due Tuesday 2022-06-28
    assert reminder(open_, date(2022, 6, 22), PACKAGE_ONLY) is None  # 4 working days before
    assert reminder(open_, date(2022, 6, 23), PACKAGE_ONLY) == "due"  # 3: 24, 27, 28
    assert reminder(open_, DEADLINE, PACKAGE_ONLY) == "due"
    assert reminder(open_, DEADLINE + timedelta(days=1), PACKAGE_ONLY) == "overdue"
    filed = FollowUp(DEADLINE, date(2022, 6, 16), date(2022, 6, 20))
    assert reminder(filed, DEADLINE + timedelta(days=9), PACKAGE_ONLY) is None
    assert REMIND_WORKDAYS == 3


def test_bulletin_sentence_counts_and_names_who_is_late() -> None:
    data = Rectification(
        "2022-06",
        (
            TrackedNotice(
                "甲银行吕梁分行", FollowUp(DEADLINE, date(2022, 6, 9), date(2022, 6, 20))
            ),
            TrackedNotice("乙农商银行", FollowUp(DEADLINE, date(2022, 6, 9), date(2022, 7, 1))),
            TrackedNotice("丙银行吕梁分行", FollowUp(DEADLINE, None, None)),
            TrackedNotice("丁村镇银行", FollowUp(date(2022, 7, 29), date(2022, 7, 1), None)),
        ),
    )
    text = rectification_sentence(data, date(2022, 7, 15))
    assert text == (
        "上期（2022-06）共向4家机构发出督导通报，已签收3家；按期报送整改措施1家，"
        "逾期后报送1家（乙农商银行），逾期未报送1家（丙银行吕梁分行），尚在整改期限内1家。"
    )
    assert count_stages([stage(n.follow_up, date(2022, 7, 15)) for n in data.notices]) == {
        "unacknowledged": 0,
        "acknowledged": 1,
        "filed": 1,
        "filed_late": 1,
        "overdue": 1,
    }


def test_recipient_is_the_institution_or_its_superior_by_name_else_nobody() -> None:
    mine = rules.Addressee(7, "甲银行吕梁分行")
    superior = rules.Addressee(3, "甲银行山西省分行")
    other = rules.Addressee(9, "乙银行吕梁分行")
    assert rules.recipient(7, "甲银行山西省分行", mine) == "institution"
    assert rules.recipient(7, "甲银行山西省分行", superior) == "superior"
    assert rules.recipient(7, "甲银行山西省分行", other) is None
    assert rules.recipient(7, None, rules.Addressee(None, None)) is None
    assert rules.may_download("institution", "notice")
    assert not rules.may_download("institution", "letter")
    assert rules.may_download("superior", "letter") and rules.may_download(None, "letter")


def test_measures_problems_name_the_field_and_each_file() -> None:
    assert rules.check_measures("加大首贷投放", [("方案.pdf", 100)]) == []
    problems = rules.check_measures(
        "  ", [("空.docx", 0), ("大.pdf", rules.MAX_ATTACHMENT_BYTES + 1)]
    )
    assert problems == [
        "整改措施：请填写整改措施的内容。",
        "附件「空.docx」：文件是空的。",
        "附件「大.pdf」：超过 20 MB。",
    ]
    too_many = [(f"{i}.pdf", 1) for i in range(rules.MAX_ATTACHMENTS + 1)]
    assert rules.check_measures("x", too_many) == ["附件：最多 10 个（现有 11 个）。"]
    long = "措" * (rules.MAX_MEASURE_CHARS + 1)
    assert rules.check_measures(long, [])[0].startswith("整改措施：不能超过 20000 个字符")


@given(
    text=st.text(max_size=50) | st.just("措" * (rules.MAX_MEASURE_CHARS + 1)),
    sizes=st.lists(st.integers(min_value=0, max_value=rules.MAX_ATTACHMENT_BYTES + 1), max_size=12),
)
def test_measures_are_accepted_exactly_within_the_bounds(text: str, sizes: list[int]) -> None:
    files = [(f"附件{i}.pdf", size) for i, size in enumerate(sizes)]
    within = (
        bool(text.strip())
        and len(text) <= rules.MAX_MEASURE_CHARS
        and len(files) <= rules.MAX_ATTACHMENTS
        and all(0 < size <= rules.MAX_ATTACHMENT_BYTES for size in sizes)
    )
    problems = rules.check_measures(text, files)
    assert (problems == []) == within
    assert all(p.startswith(("整改措施：", "附件")) for p in problems)
