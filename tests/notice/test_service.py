"""The follow-up's use cases on a real database (SQLite and PostgreSQL): issuing through the
reports with notifications to both lines, who sees which notice, acknowledging once, filing
measures only as the noticed institution, the tracking table and the reminder sweep."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.errors import Conflict, InvalidInput, NotFound, NotPermitted
from beizeng.kit.clock import as_utc
from beizeng.kit.periods import Period
from beizeng.models.institution import Institution
from beizeng.models.monitor import (
    RectificationAttachment,
    RectificationMeasure,
    SupervisionNotice,
)
from beizeng.models.notification import Notification
from beizeng.notice import service
from beizeng.notice.errors import NoticeNotAcknowledged
from beizeng.reports import service as reports
from tests.account.factories import create_bank_user, create_institution, create_user
from tests.monitor.conftest import banks, ledger_home  # noqa: F401
from tests.monitor.ledgers import import_example
from tests.notice.helpers import (
    DEADLINE,
    ISSUED,
    lists_published,
    notice,
    registry,
    settings,
)


def _inbox(session: Session, user_id: int) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification).where(Notification.user_id == user_id).order_by(Notification.id)
        )
    )


def test_pboc_previews_then_issues_and_both_lines_are_notified(
    banks: Session,  # noqa: F811
    tmp_path: Path,
) -> None:
    import_example(banks, tmp_path / "in")
    superior = create_institution(banks, code="BANKAS", name="甲银行山西省分行", superior=None)
    bank_a = create_bank_user(
        banks, banks.scalars(select(Institution).where(Institution.code == "BANKA")).one()
    )
    superior_user = create_bank_user(banks, superior)
    bank_b = create_bank_user(
        banks, banks.scalars(select(Institution).where(Institution.code == "BANKB")).one()
    )
    lists_published(banks, bank_a, superior_user, bank_b)
    pboc = create_user(banks, "pboc")
    now = ISSUED
    preview = service.preview(banks, principal=pboc, period=Period(2022, 12))
    assert [d.subject.code for d in preview.drafts] == ["BANKA"]
    assert (
        not preview.drafts[0].issued and banks.scalar(select(func.count(SupervisionNotice.id))) == 0
    )

    issued = service.issue(
        banks, principal=pboc, period=Period(2022, 12), settings=settings(tmp_path / "h"), now=now
    )
    [row] = issued.notices
    assert (row.issued_by, row.issued_on, row.deadline) == (
        pboc.username,
        date(2022, 7, 15),
        DEADLINE,
    )
    assert (tmp_path / "h" / row.notice_path).is_file() and row.letter_path is not None
    [to_bank] = _inbox(banks, bank_a.user_id)
    assert to_bank.kind == "notice_received" and to_bank.link == f"/notices/{row.id}"
    assert "2022年8月5日前" in to_bank.title
    [to_superior] = _inbox(banks, superior_user.user_id)
    assert to_superior.kind == "notice_received" and "函" in to_superior.title

    with pytest.raises(Conflict, match="已全部下发（1 家机构）"):
        service.issue(
            banks,
            principal=pboc,
            period=Period(2022, 12),
            settings=settings(tmp_path / "h"),
            now=now,
        )
    assert banks.scalar(select(func.count(SupervisionNotice.id))) == 1

    county_pboc = create_user(banks, "pboc", county_code="141123")
    assert service.preview(banks, principal=county_pboc, period=Period(2022, 12)).drafts == ()
    with pytest.raises(NotPermitted):
        service.preview(banks, principal=bank_a, period=Period(2022, 12))


def test_each_sees_its_own_notices_the_superior_its_letters_the_county_its_county(
    session: Session,
) -> None:
    r = registry(session)
    mine = notice(session, r.noticed)
    notice(session, r.other)
    county = notice(session, r.county_bank)
    seen = {
        who: [
            (v.notice.id, v.recipient) for v in service.my_notices(session, principal=p, now=ISSUED)
        ]
        for who, p in [("bank", r.bank), ("superior", r.superior_bank), ("county", r.county_user)]
    }
    assert seen["bank"] == [(mine.id, "institution")]
    assert seen["superior"] == [(mine.id, "superior")]
    assert seen["county"] == [(county.id, "institution")]
    city = service.tracking(session, principal=r.pboc, now=ISSUED)
    assert len(city.rows) == 3 and city.period == "2022-06"
    assert [
        v.notice.id for v in service.tracking(session, principal=r.county_pboc, now=ISSUED).rows
    ] == [county.id]
    assert len(service.tracking(session, principal=r.gov, now=ISSUED).rows) == 3
    with pytest.raises(NotFound, match=f"编号为 {mine.id} 的督导通报"):
        service.notice_detail(
            session, principal=r.other_bank, notice_id=mine.id, now=ISSUED, action="notice.read"
        )
    with pytest.raises(NotFound):
        service.notice_detail(
            session, principal=r.county_pboc, notice_id=mine.id, now=ISSUED, action="notice.track"
        )
    with pytest.raises(NotPermitted):
        service.tracking(session, principal=r.bank, now=ISSUED)


def test_a_notice_acknowledged_twice_is_refused_and_nothing_changes(session: Session) -> None:
    r = registry(session)
    row = notice(session, r.noticed)
    service.acknowledge(session, principal=r.bank, notice_id=row.id, now=ISSUED)
    with pytest.raises(Conflict, match="不能重复签收") as refused:
        service.acknowledge(
            session, principal=r.bank, notice_id=row.id, now=ISSUED + timedelta(hours=1)
        )
    assert refused.value.status == 409 and "2022-07-15 10:00" in str(refused.value)
    session.refresh(row)
    assert row.acknowledged_at is not None and as_utc(row.acknowledged_at) == ISSUED
    assert row.acknowledged_by == r.bank.username
    # The superior acknowledges the letter, separately, once.
    service.acknowledge(session, principal=r.superior_bank, notice_id=row.id, now=ISSUED)
    assert row.letter_acknowledged_by == r.superior_bank.username
    with pytest.raises(Conflict, match="该函件已于"):
        service.acknowledge(session, principal=r.superior_bank, notice_id=row.id, now=ISSUED)
    with pytest.raises(NotFound):
        service.acknowledge(session, principal=r.other_bank, notice_id=row.id, now=ISSUED)


def test_measures_filed_by_another_institution_are_refused_and_nothing_is_written(
    session: Session, tmp_path: Path
) -> None:
    r = registry(session)
    row = notice(session, r.noticed)
    home = tmp_path / "home"
    conf = settings(home)
    with pytest.raises(NoticeNotAcknowledged, match="请先签收"):
        service.file_measures(
            session, principal=r.bank, notice_id=row.id, text="措施", settings=conf, now=ISSUED
        )
    service.acknowledge(session, principal=r.bank, notice_id=row.id, now=ISSUED)
    with pytest.raises(NotFound):
        service.file_measures(
            session,
            principal=r.other_bank,
            notice_id=row.id,
            text="代报",
            settings=conf,
            now=ISSUED,
            attachments=[("方案.pdf", b"%PDF")],
        )
    with pytest.raises(NotPermitted, match="须由被通报机构「甲银行吕梁分行」自行报送") as refused:
        service.file_measures(
            session,
            principal=r.superior_bank,
            notice_id=row.id,
            text="上级行代报",
            settings=conf,
            now=ISSUED,
        )
    assert refused.value.status == 403
    with pytest.raises(InvalidInput, match="附件「空.docx」：文件是空的"):
        service.file_measures(
            session,
            principal=r.bank,
            notice_id=row.id,
            text="加大首贷投放",
            settings=conf,
            now=ISSUED,
            attachments=[("方案.pdf", b"%PDF"), ("空.docx", b"")],
        )
    with pytest.raises(InvalidInput, match="文件名无效"):
        service.file_measures(
            session,
            principal=r.bank,
            notice_id=row.id,
            text="加大首贷投放",
            settings=conf,
            now=ISSUED,
            attachments=[("../../etc/passwd", b"x")],
        )
    assert session.scalar(select(func.count(RectificationMeasure.id))) == 0
    assert not (home / "notices").exists()

    measure = service.file_measures(
        session,
        principal=r.bank,
        notice_id=row.id,
        text="  一、加大首贷投放。\n二、优化考核。  ",
        settings=conf,
        now=ISSUED + timedelta(days=3),
        attachments=[("整改方案.pdf", b"%PDF-1.4 plan")],
    )
    assert measure.text == "一、加大首贷投放。\n二、优化考核。"
    [attachment] = session.scalars(select(RectificationAttachment)).all()
    path, name = service.attachment_file(
        session, principal=r.pboc, attachment_id=attachment.id, settings=conf, action="notice.track"
    )
    assert name == "整改方案.pdf" and path.read_bytes() == b"%PDF-1.4 plan"
    assert not Path(attachment.path).is_absolute()
    with pytest.raises(NotFound):
        service.attachment_file(
            session,
            principal=r.other_bank,
            attachment_id=attachment.id,
            settings=conf,
            action="notice.read",
        )
    [view] = service.my_notices(session, principal=r.bank, now=ISSUED + timedelta(days=30))
    assert view.stage == "filed"  # filed 2022-07-18, before the 2022-08-05 deadline


def test_documents_each_recipient_may_download(session: Session, tmp_path: Path) -> None:
    r = registry(session)
    home = tmp_path / "home"
    row = notice(session, r.noticed, home=home)
    conf = settings(home)

    def get(principal, kind, action="notice.read"):  # type: ignore[no-untyped-def]
        return service.document_file(
            session,
            principal=principal,
            notice_id=row.id,
            kind=kind,
            settings=conf,
            now=ISSUED,
            action=action,
        )

    path, name = get(r.bank, "notice")
    assert path == home / row.notice_path and name == "2022-06_甲银行吕梁分行_督导通报.docx"
    with pytest.raises(NotFound, match="上级管理行"):
        get(r.bank, "letter")
    assert get(r.superior_bank, "letter")[1] == "2022-06_甲银行吕梁分行_商请督促函.docx"
    assert get(r.pboc, "letter", "notice.track")[0] == home / str(row.letter_path)
    (home / row.notice_path).unlink()
    with pytest.raises(NotFound, match="已不在服务器上"):
        get(r.bank, "notice")


def test_tracking_counts_each_stage(session: Session, tmp_path: Path) -> None:
    r = registry(session)
    conf = settings(tmp_path / "home")
    filed = notice(session, r.noticed)
    late = notice(session, r.other)
    notice(session, r.county_bank)
    for row, principal in ((filed, r.bank), (late, r.other_bank)):
        service.acknowledge(session, principal=principal, notice_id=row.id, now=ISSUED)
    service.file_measures(
        session, principal=r.bank, notice_id=filed.id, text="按期", settings=conf, now=ISSUED
    )
    after = ISSUED + timedelta(days=30)  # 2022-08-14: past the 2022-08-05 deadline
    service.file_measures(
        session, principal=r.other_bank, notice_id=late.id, text="逾期", settings=conf, now=after
    )
    table = service.tracking(session, principal=r.pboc, now=after, period=Period(2022, 6))
    assert table.acknowledged == 2
    assert table.counts == {
        "unacknowledged": 0,
        "acknowledged": 0,
        "filed": 1,
        "filed_late": 1,
        "overdue": 1,
    }
    # The bulletin of the next period reads the same data.
    follow = reports.last_rectification(session, period=Period(2022, 12))
    assert follow is not None and follow.period == "2022-06"
    assert {n.institution for n in follow.notices} == {
        "甲银行吕梁分行",
        "乙银行吕梁分行",
        "兴县农村信用合作联社",
    }


def test_reminders_before_the_deadline_and_when_overdue_are_sent_once(
    session: Session, tmp_path: Path
) -> None:
    r = registry(session)
    conf = settings(tmp_path / "home")
    open_ = notice(session, r.noticed)
    filed = notice(session, r.other)
    service.acknowledge(session, principal=r.other_bank, notice_id=filed.id, now=ISSUED)
    service.file_measures(
        session, principal=r.other_bank, notice_id=filed.id, text="已报", settings=conf, now=ISSUED
    )
    early = service.remind(session, settings=conf, now=ISSUED)
    assert (early.due, early.overdue) == (0, 0)
    due_day = ISSUED + timedelta(days=19)  # Wednesday 2022-08-03: 2 working days before
    assert service.remind(session, settings=conf, now=due_day) == service.Reminded(1, 0)
    assert service.remind(session, settings=conf, now=due_day) == service.Reminded(0, 0)
    late_day = ISSUED + timedelta(days=24)  # Monday 2022-08-08
    assert service.remind(session, settings=conf, now=late_day) == service.Reminded(0, 1)
    titles = [n.title for n in _inbox(session, r.bank.user_id)]
    assert len(titles) == 2 and "须于2022年8月5日前报送" in titles[0] and "已逾期" in titles[1]
    assert _inbox(session, r.other_bank.user_id) == []
    assert {n.link for n in _inbox(session, r.bank.user_id)} == {f"/notices/{open_.id}"}
