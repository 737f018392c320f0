"""A target due only from a month end (C-3.4.1: the four lists by 2022-06-30): an evaluation
of 2022-03 shows each bank's progress but neither passes nor fails it, so no notice names it;
from 2022-06 on it is judged as usual."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.kit.periods import Period
from beizeng.monitor import service
from beizeng.monitor.evaluation import failures
from tests.account.factories import create_user
from tests.monitor.ledgers import import_example, import_rows, ledger_2021
from tests.monitor.platform_data import publish_lists

REASON = "该目标考核时点为2022年6月末，本期（2022年3月末）尚未到期"


def test_the_four_lists_are_not_judged_in_march_and_are_judged_in_december(
    banks: Session, tmp_path: Path
) -> None:
    import_example(banks, tmp_path / "in")
    for code in ("BANKA", "BANKB"):  # a March ledger each, so that 2022-03 can be evaluated
        import_rows(banks, tmp_path / "in", code, "2022-03", ledger_2021()[:1])
    bank_a = create_user(banks, "bank", institution_code="BANKA")
    publish_lists(banks, bank_a, datetime(2022, 3, 10, 2, tzinfo=UTC), ["authorization"])
    publish_lists(banks, bank_a, datetime(2022, 5, 10, 2, tzinfo=UTC))  # bank B never does
    plan = service.load_plan()

    march = service.evaluate(banks, plan=plan, period=Period(2022, 3))
    lists = {r.subject.code: r for r in march.results_of("four_lists_published")}
    assert {code: (r.first.actual.value, r.met) for code, r in lists.items()} == {
        "BANKA": (1, None),
        "BANKB": (0, None),
    }
    assert all(r.verdict.reason == REASON and r.verdict.margin is None for r in lists.values())
    assert all(o.verdict.reason == REASON for r in lists.values() for o in r.checks)
    assert not any(
        r.target.id == "four_lists_published" for rs in failures(march).values() for r in rs
    )
    # the targets without a due month are judged in March as in every period
    assert any(r.met is not None for r in march.results_of("demand_reply_overdue"))

    december = service.evaluate(banks, plan=plan, period=Period(2022, 12))
    lists = {r.subject.code: r for r in december.results_of("four_lists_published")}
    assert {code: (r.first.actual.value, r.met) for code, r in lists.items()} == {
        "BANKA": (4, True),
        "BANKB": (0, False),
    }
    failed = failures(december)
    assert "four_lists_published" in {r.target.id for r in failed["BANKB"]}
    assert "four_lists_published" not in {r.target.id for r in failed.get("BANKA", [])}
