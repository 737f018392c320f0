"""The plan as data: the shipped 2022 plan, and errors that name file, target and field."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from beizeng.kit.periods import Period
from beizeng.monitor.errors import PlanInvalid
from beizeng.monitor.plan import parse_plan
from beizeng.monitor.service import default_plan_text, load_plan

ROOT = Path(__file__).resolve().parents[2]
ISSUE_TARGETS = {
    "loan_growth",
    "inclusive_vs_loans",
    "national_inclusive_growth",
    "local_vs_national_inclusive",
    "inclusive_borrowers",
    "inclusive_credit_share",
    "private_vs_loans",
    "manufacturing_mlt_vs_loans",
    "green_vs_loans",
    "clean_energy_vs_loans",
    "services_increase",
    "loan_deposit_ratio",
    "local_loans_more_increase",
    "relending_usage",
    "first_loan_borrowers",
    "kpi_weight",
    "ftp_discount",
    "two_increases",
    "premium_growth",
    "four_lists_published",
    "demand_reply_on_time",
    "demand_reply_overdue",
}

HEADER = 'id = "t"\ntitle = "测试"\nyear = 2022\n'


def test_repository_plan_is_the_packaged_plan() -> None:
    assert (ROOT / "plans" / "lvliang-2022.toml").read_text("utf-8") == default_plan_text()


def test_shipped_plan_has_exactly_the_targets_of_the_opinion() -> None:
    plan = load_plan()
    assert {t.id for t in plan.targets} == ISSUE_TARGETS
    assert plan.inclusive_threshold == Decimal(10_000_000)
    assert plan.mid_long_term_years == 1


def test_loan_growth_target_reads_as_the_opinion_says() -> None:
    [target] = [t for t in load_plan().targets if t.id == "loan_growth"]
    [check] = target.checks
    assert (check.left.metric, check.left.measure, check.op) == ("loans", "growth", ">=")
    assert check.right.constant == Decimal("0.10")  # exact, not a binary float
    assert target.subjects == ("city",)


def test_two_increases_holds_both_halves_since_the_start_of_the_year() -> None:
    [target] = [t for t in load_plan().targets if t.id == "two_increases"]
    first, second = target.checks
    assert first.left.measure == first.right.measure == "growth_since_year_start"
    assert second.right.measure == "year_start"
    assert "banks" in target.subjects


def test_the_platform_obligations_are_judged_per_bank_against_the_opinions_wording() -> None:
    targets = {t.id: t for t in load_plan().targets}
    lists, rate, overdue = (
        targets[k] for k in ("four_lists_published", "demand_reply_on_time", "demand_reply_overdue")
    )
    assert (lists.clause, rate.clause, overdue.clause) == ("C-3.4.1", "C-3.4.2", "C-3.4.2")
    assert lists.subjects == ("banks",)  # the four lists are each bank's, not additive
    assert rate.subjects == overdue.subjects == ("city", "banks")
    [check] = lists.checks
    assert (check.left.metric, check.op, check.right.constant) == (
        "four_lists_on_time",
        ">=",
        Decimal(4),
    )
    [check] = rate.checks
    assert (check.left.metric, check.op, check.right.constant) == (
        "demand_reply_on_time_share",
        ">=",
        Decimal(1),
    )
    [check] = overdue.checks
    assert (check.left.metric, check.op, check.right.constant) == (
        "demand_reply_overdue",
        "<=",
        Decimal(0),
    )


def test_a_copied_plan_with_changed_numbers_needs_no_code(tmp_path: Path) -> None:
    text = default_plan_text().replace("right = 0.10\n", "right = 0.12\n", 1)
    path = tmp_path / "lvliang-2023.toml"
    path.write_text(text.replace("year = 2022", "year = 2023"), encoding="utf-8")
    plan = load_plan(path)
    assert plan.year == 2023
    assert plan.targets[0].checks[0].right.constant == Decimal("0.12")


def test_unknown_metric_names_file_target_and_field() -> None:
    text = (
        HEADER
        + '[[targets]]\nid = "x"\ntitle = "X"\nleft = { metric = "loanz", measure = "growth" }\nop = ">"\nright = 0.1\n'
    )
    with pytest.raises(PlanInvalid) as err:
        parse_plan(text, source="my.toml")
    assert "计划文件 my.toml，目标「x」，字段「left.metric」" in err.value.message
    assert "loanz" in err.value.message


def test_every_problem_is_reported_at_once() -> None:
    text = (
        HEADER
        + '[[targets]]\nid = "x"\ntitle = "X"\nleft = { metric = "loans", measure = "speed" }\n'
        + 'op = "=>"\nright = "ten"\n'
        + '[[targets]]\nid = "x"\ntitle = "Y"\nleft = { metric = "loans" }\nop = ">"\nright = 1\n'
    )
    with pytest.raises(PlanInvalid) as err:
        parse_plan(text, source="p.toml")
    message = err.value.message
    assert "left.measure" in message and "speed" in message
    assert "字段「op」" in message and "=>" in message
    assert "字段「right」" in message
    assert "目标编号重复" in message


def test_unknown_field_is_rejected_not_ignored() -> None:
    text = (
        HEADER
        + '[[targets]]\nid = "x"\ntitle = "X"\nleft = { metric = "loans" }\nop = ">"\nright = 1\nsubject = "city"\n'
    )
    with pytest.raises(PlanInvalid, match="字段「subject」：不认识的字段"):
        parse_plan(text, source="p.toml")


def test_broken_toml_names_the_file() -> None:
    with pytest.raises(PlanInvalid, match="计划文件 bad.toml 不是有效的 TOML"):
        parse_plan("id = ", source="bad.toml")


def test_missing_plan_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PlanInvalid, match="不存在"):
        load_plan(tmp_path / "none.toml")


def test_a_constant_on_the_left_is_refused() -> None:
    text = HEADER + '[[targets]]\nid = "x"\ntitle = "X"\nleft = 1\nop = ">"\nright = 0\n'
    with pytest.raises(PlanInvalid, match="左侧必须是指标的度量"):
        parse_plan(text, source="p.toml")


def test_the_four_lists_are_due_at_june_end_and_the_other_targets_every_period() -> None:
    targets = {t.id: t for t in load_plan().targets}
    assert targets["four_lists_published"].due == Period(2022, 6)  # C-3.4.1: by 2022-06-30
    assert {k for k, t in targets.items() if t.due is not None} == {"four_lists_published"}


DUE_TARGET = (
    '[[targets]]\nid = "x"\ntitle = "X"\nleft = { metric = "loans" }\nop = ">"\nright = 1\n'
)


def test_a_due_month_is_parsed() -> None:
    plan = parse_plan(HEADER + DUE_TARGET + 'due = "2022-09"\n', source="p.toml")
    assert plan.targets[0].due == Period(2022, 9)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ('"2022-13"', "月份 13 不存在"),
        ('"June"', "格式不正确，应为 YYYY-MM"),
        ("2022-06-30", "应为加引号的年月文字"),
        ("6", "实际为「6」"),
    ],
)
def test_a_bad_due_names_target_field_value_and_line(value: str, says: str) -> None:
    text = HEADER + "\n" + DUE_TARGET + f"due = {value}\n"
    with pytest.raises(PlanInvalid) as err:
        parse_plan(text, source="p.toml")
    message = err.value.message
    assert "计划文件 p.toml，目标「x」，字段「due」" in message and says in message
    assert "（第 5 行起的目标）" in message  # the target's [[targets]] line
