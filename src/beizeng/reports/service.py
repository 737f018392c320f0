"""Use cases of reports: write the bulletin, the indicator workbook and the supervision notices.

Notices (双线, C-3.1.2) are drafted (the preview pboc sees before issuing), then issued: rendered,
stored under ``$BEIZENG_HOME/notices/<period>/`` (the index keeps paths relative to the home),
copied to ``out_dir`` when a command asks, announced to the institution's users and its superior
management bank's (``notice_received``), with the rectification deadline in working days. The
next bulletin reports how they were followed from the tracking data (C-3.1.1, C-4.5.3).

Assemble (monitor service) → compose (pure) → render (bytes) → write. Every file is rendered in
memory before the first one is written, so a failure leaves nothing half-written.

The date a document is signed on is the caller's (``signed_on``): a command defaults it to today
in China, not the machine's date, and this module never reads a clock (consolidation issue,
point 3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.config import Settings
from beizeng.holiday.service import work_calendar
from beizeng.institution import service as institution_service
from beizeng.kit.clock import china_date
from beizeng.kit.files import ensure_directory, write_outputs
from beizeng.kit.periods import Period
from beizeng.models.monitor import SupervisionNotice
from beizeng.monitor import service as monitor
from beizeng.monitor.evaluation import Evaluation, Subject, TargetResult, Trend, failures
from beizeng.monitor.plan import Plan
from beizeng.notification import service as notifications
from beizeng.reference.workdays import WorkCalendar
from beizeng.reports import officialdoc
from beizeng.reports.bulletin import BulletinOptions, compose_bulletin
from beizeng.reports.indicator_workbook import render_workbook
from beizeng.reports.notices import compose_letter, compose_notice
from beizeng.reports.pdf import to_pdf, to_pdfs
from beizeng.reports.rectification import (
    FollowUp,
    Rectification,
    TrackedNotice,
    chinese_date,
    rectification_deadline,
)
from beizeng.reports.repository import NoticeIndexRepository

NOTICE_FOLDER = "notices"
"""Issued notices are kept under ``$BEIZENG_HOME/notices/<period>/``."""

TREND_METRICS = ("loans", "inclusive_smb", "inclusive_smb_borrowers", "first_loan_borrowers")


SCRATCH = "tmp"
"""The folder of the home that holds the temporary folders of generated documents."""

ISSUE_DAY = 15
"""The day of the following month from which a period's bulletin is issued (``issue_date``)."""


def default_number(period: Period) -> str:
    """The document number used when none is given: 银吕发〔YYYY〕M号."""
    return f"银吕发〔{period.year}〕{period.month}号"


def issue_date(period: Period, calendar: WorkCalendar) -> date:
    """The date the demo gives the bulletin and notices of ``period``: the first working day
    from the 15th of the following month, when the month's ledgers are in and checked (2022-12
    → Monday 2023-01-16). A date derived from the period, never the day the demo ran (issue 14
    point 5); the commands take ``--date``."""
    day = period.shift(1).start.replace(day=ISSUE_DAY)
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class BulletinWritten:
    evaluation: Evaluation
    docx: Path
    xlsx: Path | None
    pdf: Path | None = None


def bulletin_trends(session: Session, *, plan: Plan, period: Period) -> list[Trend]:
    return monitor.trends(session, plan=plan, period=period, metrics=TREND_METRICS)


def write_bulletin(
    session: Session,
    *,
    plan: Plan,
    period: Period,
    out: Path,
    xlsx: Path | None = None,
    pdf: Path | None = None,
    signed_on: date,
    number: str | None = None,
    rectification_workdays: int = 15,
) -> BulletinWritten:
    """Evaluate ``plan`` at ``period`` and write the bulletin (and the workbook, and its PDF
    rendered by LibreOffice, ``reports.pdf``) dated ``signed_on``, numbered ``number``; its
    rectification section is the tracking of the last notices. Everything is rendered before
    the first file is written."""
    evaluation = monitor.evaluate(session, plan=plan, period=period)
    trends = bulletin_trends(session, plan=plan, period=period)
    document = compose_bulletin(
        evaluation,
        trends=trends,
        improvements=monitor.improvements_since_notices(session, evaluation),
        options=BulletinOptions(
            number=number or default_number(period),
            signed_on=signed_on,
            rectification_workdays=rectification_workdays,
        ),
        rectification=last_rectification(session, period=period),
    )
    docx = officialdoc.render(document)
    files = [(out, docx)]
    if xlsx is not None:
        files.append((xlsx, render_workbook(evaluation, trends)))
    if pdf is not None:
        files.append((pdf, to_pdf(docx)))
    write_outputs(files)
    return BulletinWritten(evaluation, out, xlsx, pdf)


def pdfs(documents: Sequence[bytes], *, settings: Settings) -> list[bytes]:
    """The PDF of each docx of ``documents`` (the period's notices and letters, a stored notice),
    rendered by one LibreOffice run (``reports.pdf``, issue 14 point 5) in a temporary folder
    under ``$BEIZENG_HOME/tmp`` that is removed afterwards."""
    return to_pdfs(documents, scratch=ensure_directory(settings.resolved_home / SCRATCH))


def last_rectification(session: Session, *, period: Period) -> Rectification | None:
    """How the notices of the last period before ``period`` were followed (None: no notices)."""
    repo = NoticeIndexRepository(session)
    last = repo.latest_period_before(str(period))
    if last is None:
        return None
    return Rectification(
        last,
        tuple(
            TrackedNotice(name, follow_up_of(notice, filed_at))
            for notice, name, filed_at in repo.follow_up(last)
        ),
    )


def follow_up_of(notice: SupervisionNotice, first_filed_at: datetime | None) -> FollowUp:
    """The dates the follow-up rules judge, on the calendar in China."""
    return FollowUp(
        notice.deadline,
        None if notice.acknowledged_at is None else china_date(notice.acknowledged_at),
        None if first_filed_at is None else china_date(first_filed_at),
    )


@dataclass(frozen=True)
class NoticeDraft:
    """One institution's notice (and letter) before it is issued: what the preview shows."""

    subject: Subject
    results: tuple[TargetResult, ...]
    number: str
    letter_number: str | None
    issued: bool
    """Already issued for this period (issuing again skips it)."""


@dataclass(frozen=True)
class NoticePreview:
    evaluation: Evaluation
    drafts: tuple[NoticeDraft, ...]

    @property
    def pending(self) -> tuple[NoticeDraft, ...]:
        return tuple(d for d in self.drafts if not d.issued)


def draft_notices(
    session: Session,
    *,
    plan: Plan,
    period: Period,
    county: str | None = None,
    evaluation: Evaluation | None = None,
) -> NoticePreview:
    """Every institution failing a target at ``period`` (of ``county`` only, when given: a county
    sub-branch issues to the institutions registered in its county), numbered as the city
    numbers them, with those already noticed for the period marked."""
    evaluation = evaluation or monitor.evaluate(session, plan=plan, period=period)
    failing = sorted(failures(evaluation).items())
    in_county: set[str] | None = None
    if county is not None:
        in_county = {
            i.code
            for i in institution_service.list_institutions(session)
            if i.county_code == county
        }
    noticed = NoticeIndexRepository(session).noticed_codes(str(period))
    drafts = []
    for i, (code, results) in enumerate(failing, start=1):
        if in_county is not None and code not in in_county:
            continue
        subject = results[0].subject
        drafts.append(
            NoticeDraft(
                subject,
                tuple(results),
                f"银吕督〔{period.year}〕{i}号",
                f"银吕函〔{period.year}〕{i}号" if subject.superior else None,
                code in noticed,
            )
        )
    return NoticePreview(evaluation, tuple(drafts))


@dataclass(frozen=True)
class NoticesIssued:
    evaluation: Evaluation
    files: tuple[Path, ...]
    """The copies written to ``out_dir`` (empty without one)."""
    institutions: tuple[str, ...]
    notices: tuple[SupervisionNotice, ...] = ()
    skipped: tuple[str, ...] = ()
    """Institutions already noticed for the period (not noticed again)."""


def issue_notices(
    session: Session,
    *,
    plan: Plan,
    period: Period,
    signed_on: date,
    settings: Settings,
    now: datetime,
    out_dir: Path | None = None,
    evaluation: Evaluation | None = None,
    county: str | None = None,
    issued_by: str | None = None,
) -> NoticesIssued:
    """For every institution failing a target and not yet noticed for ``period``: a notice to
    it and a letter to its superior (双线, C-3.1.2), due back with rectification measures
    ``settings.rectification_workdays`` working days after ``signed_on``. The documents are
    stored under the home and indexed; the institution's users (and the superior bank's, when it
    is in the registry) are notified. Everything is rendered before the first file is written."""
    preview = draft_notices(session, plan=plan, period=period, county=county, evaluation=evaluation)
    workdays = settings.rectification_workdays
    deadline = rectification_deadline(signed_on, workdays, work_calendar(session))
    home = settings.resolved_home
    stored: list[tuple[Path, bytes]] = []
    copies: list[tuple[Path, bytes]] = []
    issued: list[monitor.IssuedNotice] = []
    for draft in preview.pending:
        code = draft.subject.code
        folder = Path(NOTICE_FOLDER) / str(period)
        notice_doc = officialdoc.render(
            compose_notice(
                draft.subject,
                draft.results,
                preview.evaluation,
                number=draft.number,
                signed_on=signed_on,
                deadline=deadline,
                workdays=workdays,
            )
        )
        notice_path = folder / f"{code}_notice.docx"
        stored.append((home / notice_path, notice_doc))
        if out_dir is not None:
            copies.append((out_dir / f"{period}_{code}_notice.docx", notice_doc))
        letter_path: Path | None = None
        if draft.letter_number is not None:
            letter_doc = officialdoc.render(
                compose_letter(
                    draft.subject,
                    draft.results,
                    preview.evaluation,
                    number=draft.letter_number,
                    signed_on=signed_on,
                )
            )
            letter_path = folder / f"{code}_letter.docx"
            stored.append((home / letter_path, letter_doc))
            if out_dir is not None:
                copies.append((out_dir / f"{period}_{code}_letter.docx", letter_doc))
        issued.append(
            monitor.IssuedNotice(
                code,
                tuple(r.target.id for r in draft.results),
                str(notice_path),
                None if letter_path is None else str(letter_path),
            )
        )
    rows = monitor.record_notices(session, plan=plan, period=period, issued=issued)
    for row, draft in zip(rows, preview.pending, strict=True):
        row.number = draft.number
        row.letter_number = draft.letter_number
        row.issued_on = signed_on
        row.deadline = deadline
        if issued_by:
            row.issued_by = issued_by
    session.flush()
    _announce(session, rows, preview.pending, settings=settings, now=now, deadline=deadline)
    write_outputs([*stored, *copies])
    return NoticesIssued(
        preview.evaluation,
        tuple(p for p, _ in copies),
        tuple(i.institution_code for i in issued),
        tuple(rows),
        tuple(d.subject.code for d in preview.drafts if d.issued),
    )


def _announce(
    session: Session,
    rows: Sequence[SupervisionNotice],
    drafts: Sequence[NoticeDraft],
    *,
    settings: Settings,
    now: datetime,
    deadline: date,
) -> None:
    """``notice_received`` to the institution's users, and to its superior bank's users when
    the superior is an institution of the registry (matched by name)."""
    by_name = {i.name: i for i in institution_service.list_institutions(session)}
    due = chinese_date(deadline)
    for row, draft in zip(rows, drafts, strict=True):
        name = draft.subject.name
        notifications.notify_institution(
            session,
            institution_id=row.institution_id,
            message=notifications.Message(
                kind="notice_received",
                title=f"收到督导通报（{draft.number}），请签收并于{due}前报送整改措施",
                link=f"/notices/{row.id}",
                dedupe_key=f"notice:{row.id}",
            ),
            settings=settings,
            now=now,
        )
        superior = by_name.get(row.superior or "")
        if superior is not None and draft.letter_number is not None:
            notifications.notify_institution(
                session,
                institution_id=superior.id,
                message=notifications.Message(
                    kind="notice_received",
                    title=f"收到关于督促{name}落实目标的函（{draft.letter_number}），请签收",
                    link=f"/notices/{row.id}",
                    dedupe_key=f"letter:{row.id}",
                ),
                settings=settings,
                now=now,
            )
