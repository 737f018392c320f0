"""Supervision notices (双线, C-3.1.2): a notice and a letter per failing institution, indexed;
the next bulletin says who improved."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from docx import Document
from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng.config import Settings
from beizeng.kit.periods import Period
from beizeng.models.monitor import RectificationMeasure, SupervisionNotice
from beizeng.monitor import service as monitor
from beizeng.monitor.evaluation import improvements
from beizeng.reports import service
from tests.monitor.conftest import banks, ledger_home  # noqa: F401
from tests.monitor.ledgers import above_a_year_earlier, import_example, plan_of

NOW = datetime(2023, 1, 16, 2, 0, tzinfo=UTC)


def _settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", database_url="sqlite://")


PLAN = plan_of(
    above_a_year_earlier("first_loan_borrowers", "首贷户数量高于上年同期", "first_loan_borrowers"),
    above_a_year_earlier("loans_up", "各项贷款高于上年同期", "loans"),
)


def test_notice_and_letter_for_each_failing_institution(banks: Session, tmp_path: Path) -> None:  # noqa: F811
    import_example(banks, tmp_path / "in")
    issued = service.issue_notices(
        banks,
        plan=PLAN,
        period=Period(2022, 12),
        out_dir=tmp_path / "out",
        signed_on=date(2023, 1, 16),
        settings=_settings(tmp_path),
        now=NOW,
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
    # Stored under the home, the index relative to it (no absolute path to go stale).
    assert row.notice_path == "notices/2022-12/BANKA_notice.docx"
    assert row.letter_path == "notices/2022-12/BANKA_letter.docx"
    assert (tmp_path / "home" / row.notice_path).read_bytes() == notice.read_bytes()
    # 15 working days after Monday 2023-01-16 across the Spring Festival (1-21 … 1-27 off,
    # 1-28 and 1-29 worked): 1-17…1-20 (4), 1-28, 1-29 (6), 1-30…2-3 (11), 2-6…2-9 (15).
    assert row.deadline == date(2023, 2, 9) and row.number == "银吕督〔2022〕1号"
    assert "2023年2月9日前" in notice_text and "15个工作日内" in notice_text
    assert row.superior == "甲银行山西省分行"


def test_next_bulletin_knows_who_improved(banks: Session, tmp_path: Path) -> None:  # noqa: F811
    import_example(banks, tmp_path / "in")
    service.issue_notices(
        banks,
        plan=PLAN,
        period=Period(2022, 6),
        out_dir=tmp_path / "out",
        signed_on=date(2022, 7, 15),
        settings=_settings(tmp_path),
        now=NOW,
        evaluation=monitor.evaluate(banks, plan=PLAN, period=Period(2022, 12)),
    )
    # Pretend bank A had been noticed for both targets in June: in December loans grew.
    row = banks.scalars(select(SupervisionNotice)).one()
    row.targets = ["loans_up", "first_loan_borrowers"]
    banks.flush()
    evaluation = monitor.evaluate(banks, plan=PLAN, period=Period(2022, 12))
    [item] = improvements(monitor.previous_notices(banks, period=Period(2022, 12)), evaluation)
    assert item.subject.code == "BANKA" and item.noticed_for == Period(2022, 6)
    assert item.now_met == ("loans_up",) and item.still_failing == ("first_loan_borrowers",)


def test_issuing_again_skips_who_was_already_noticed(banks: Session, tmp_path: Path) -> None:  # noqa: F811
    import_example(banks, tmp_path / "in")
    args = dict(plan=PLAN, period=Period(2022, 12), signed_on=date(2023, 1, 16), now=NOW)
    first = service.issue_notices(banks, settings=_settings(tmp_path), **args)  # type: ignore[arg-type]
    again = service.issue_notices(banks, settings=_settings(tmp_path), **args)  # type: ignore[arg-type]
    assert first.institutions == ("BANKA",) and first.files == ()
    assert again.institutions == () and again.skipped == ("BANKA",)
    assert len(banks.scalars(select(SupervisionNotice)).all()) == 1


def test_next_bulletin_reports_the_follow_up_from_the_tracking_data(
    banks: Session,  # noqa: F811
    tmp_path: Path,
) -> None:
    import_example(banks, tmp_path / "in")
    issued = service.issue_notices(
        banks,
        plan=PLAN,
        period=Period(2022, 6),
        signed_on=date(2022, 7, 15),
        settings=_settings(tmp_path),
        now=NOW,
        evaluation=monitor.evaluate(banks, plan=PLAN, period=Period(2022, 12)),
    )
    [row] = issued.notices
    assert row.deadline == date(2022, 8, 5)
    row.acknowledged_at = datetime(2022, 7, 18, 2, 0, tzinfo=UTC)
    banks.add(
        RectificationMeasure(
            notice_id=row.id,
            text="加大首贷投放",
            filed_by="bank_a",
            filed_at=datetime(2022, 8, 8, 2, 0, tzinfo=UTC),  # after 2022-08-05: late
        )
    )
    banks.flush()
    written = service.write_bulletin(
        banks,
        plan=PLAN,
        period=Period(2022, 12),
        out=tmp_path / "bulletin.docx",
        signed_on=date(2023, 1, 16),
        rectification_workdays=10,
    )
    text = "\n".join(p.text for p in Document(str(written.docx)).paragraphs)
    assert (
        "上期（2022-06）共向1家机构发出督导通报，已签收1家；按期报送整改措施0家，"
        "逾期后报送1家（甲银行吕梁分行）。" in text
    )
    assert "仍未达标的有：甲银行吕梁分行（首贷户数量高于上年同期）" in text
    assert "通报印发后10个工作日内" in text
