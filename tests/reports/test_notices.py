"""Supervision notices (双线, C-3.1.2): a notice and a letter per failing institution, indexed;
the next bulletin says who improved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document
from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng.kit.periods import Period
from beizeng.models.monitor import SupervisionNotice
from beizeng.monitor import service as monitor
from beizeng.monitor.evaluation import improvements
from beizeng.monitor.plan import parse_plan
from beizeng.reports import service
from tests.monitor.conftest import banks, ledger_home  # noqa: F401
from tests.monitor.ledgers import import_example

# Bank A's 2022 first-loan borrowers (X) equal 2021's (E2): "above a year earlier" fails.
PLAN = """
id = "t"
title = "测试计划"
year = 2022
[[targets]]
id = "first_loan_borrowers"
title = "首贷户数量高于上年同期"
subjects = ["banks"]
left = { metric = "first_loan_borrowers" }
op = ">"
right = { metric = "first_loan_borrowers", measure = "previous" }
[[targets]]
id = "loans_up"
title = "各项贷款高于上年同期"
subjects = ["banks"]
left = { metric = "loans" }
op = ">"
right = { metric = "loans", measure = "previous" }
"""


def test_notice_and_letter_for_each_failing_institution(banks: Session, tmp_path: Path) -> None:  # noqa: F811
    import_example(banks, tmp_path / "in")
    plan = parse_plan(PLAN, source="t.toml")
    issued = service.issue_notices(
        banks,
        plan=plan,
        period=Period(2022, 12),
        out_dir=tmp_path / "out",
        signed_on=date(2023, 1, 16),
    )
    assert issued.institutions == ("BANKA",)  # bank B cannot be judged (no 2021-12): no notice
    notice, letter = issued.files
    notice_text = "\n".join(p.text for p in Document(str(notice)).paragraphs)
    assert "甲银行吕梁分行：" in notice_text
    assert "首贷户数量高于上年同期" in notice_text and "1户" in notice_text
    assert "各项贷款高于上年同期" not in notice_text  # met: 665万 > 240万
    letter_text = "\n".join(p.text for p in Document(str(letter)).paragraphs)
    assert "甲银行山西省分行：" in letter_text and "双线三级" in letter_text
    [row] = banks.scalars(select(SupervisionNotice)).all()
    assert (row.period, row.targets, row.issued_by) == ("2022-12", ["first_loan_borrowers"], "test")
    assert row.notice_path == str(notice) and row.letter_path == str(letter)
    assert row.superior == "甲银行山西省分行"


def test_next_bulletin_knows_who_improved(banks: Session, tmp_path: Path) -> None:  # noqa: F811
    import_example(banks, tmp_path / "in")
    plan = parse_plan(PLAN, source="t.toml")
    service.issue_notices(
        banks,
        plan=plan,
        period=Period(2022, 6),
        out_dir=tmp_path / "out",
        signed_on=date(2022, 7, 15),
        evaluation=monitor.evaluate(banks, plan=plan, period=Period(2022, 12)),
    )
    # Pretend bank A had been noticed for both targets in June: in December loans grew.
    row = banks.scalars(select(SupervisionNotice)).one()
    row.targets = ["loans_up", "first_loan_borrowers"]
    banks.flush()
    evaluation = monitor.evaluate(banks, plan=plan, period=Period(2022, 12))
    [item] = improvements(monitor.previous_notices(banks, period=Period(2022, 12)), evaluation)
    assert item.subject.code == "BANKA" and item.noticed_for == Period(2022, 6)
    assert item.now_met == ("loans_up",) and item.still_failing == ("first_loan_borrowers",)
