"""Use cases of the notices' follow-up (issue 13 point 3; C-3.1.1, C-3.1.2, C-4.5.3).

pboc previews the period's two-line notices and issues them (``reports.service`` drafts,
renders, stores and announces them); the institution and its superior management bank see
theirs, download the documents and acknowledge receipt; the institution files rectification
measures (text and attachments, stored under ``$BEIZENG_HOME/notices/measures/``) before the
deadline; pboc and gov track each notice's stage; a sweep reminds institutions before the
deadline and when it has passed. Every use case asks the policy for its action; settings and the
clock come from the boundary.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.config import Settings
from beizeng.holiday.service import work_calendar
from beizeng.kit.clock import china_date
from beizeng.kit.files import write_outputs
from beizeng.kit.periods import Period
from beizeng.kit.text import upload_name
from beizeng.models.institution import Institution
from beizeng.models.monitor import (
    RectificationAttachment,
    RectificationMeasure,
    SupervisionNotice,
)
from beizeng.monitor import service as monitor
from beizeng.monitor.plan import Plan
from beizeng.notice import rules
from beizeng.notice.errors import (
    DocumentMissing,
    DocumentNotYours,
    MeasuresInvalid,
    NothingToIssue,
    NoticeAlreadyAcknowledged,
    NoticeNotAcknowledged,
    NoticeNotFound,
    RectificationNotYours,
)
from beizeng.notice.repository import NoticeRepository
from beizeng.notification import service as notifications
from beizeng.reports import service as reports
from beizeng.reports.rectification import chinese_date, count_stages, reminder

MEASURE_FOLDER = Path("notices") / "measures"


def _addressee(principal: Principal) -> rules.Addressee:
    return rules.Addressee(principal.institution_id, principal.institution_name)


# --- issuing (pboc) ---------------------------------------------------------------------------


def issue_periods(session: Session, *, principal: Principal) -> list[Period]:
    """The month ends with accepted ledgers, newest first: what pboc may issue notices for."""
    authorize(principal, "notice.issue")
    return sorted(monitor.available_periods(session), reverse=True)


def preview(
    session: Session, *, principal: Principal, period: Period, plan: Plan | None = None
) -> reports.NoticePreview:
    """The notices ``period``'s evaluation calls for (a county sub-branch: its county's
    institutions), with those already issued marked; nothing is stored."""
    authorize(principal, "notice.issue")
    return reports.draft_notices(
        session,
        plan=plan or monitor.load_plan(),
        period=period,
        county=principal.supervised_county,
    )


def issue(
    session: Session,
    *,
    principal: Principal,
    period: Period,
    settings: Settings,
    now: datetime,
    plan: Plan | None = None,
) -> reports.NoticesIssued:
    """Issue the period's notices not yet issued, signed today in China; a period with nothing
    new to issue is a 409 naming it."""
    authorize(principal, "notice.issue")
    issued = reports.issue_notices(
        session,
        plan=plan or monitor.load_plan(),
        period=period,
        signed_on=china_date(now),
        settings=settings,
        now=now,
        county=principal.supervised_county,
        issued_by=principal.username,
    )
    if not issued.institutions:
        raise NothingToIssue(str(period), len(issued.skipped))
    return issued


# --- what an institution and a tracker see ----------------------------------------------------


@dataclass(frozen=True)
class NoticeView:
    notice: SupervisionNotice
    institution: Institution
    recipient: rules.Recipient | None
    """What the viewer's institution is to the notice (None: a tracker)."""
    stage: rules.Stage
    filed_at: datetime | None

    @property
    def stage_name(self) -> str:
        return rules.STAGES[self.stage]


def _view(
    row: tuple[SupervisionNotice, Institution, datetime | None],
    principal: Principal,
    today: date,
) -> NoticeView:
    notice, institution, filed_at = row
    follow = reports.follow_up_of(notice, filed_at)
    who = (
        rules.recipient(notice.institution_id, notice.superior, _addressee(principal))
        if principal.is_provider
        else None
    )
    return NoticeView(notice, institution, who, rules.stage(follow, today), filed_at)


def my_notices(session: Session, *, principal: Principal, now: datetime) -> list[NoticeView]:
    """The notices to the principal's institution and the letters to it as a superior bank."""
    authorize(principal, "notice.read")
    today = china_date(now)
    return [_view(r, principal, today) for r in NoticeRepository(session).list_for(principal)]


@dataclass(frozen=True)
class Measures:
    measure: RectificationMeasure
    attachments: list[RectificationAttachment]


@dataclass(frozen=True)
class NoticeDetail:
    view: NoticeView
    measures: list[Measures]


def _get(session: Session, principal: Principal, notice_id: int, today: date) -> NoticeView:
    row = NoticeRepository(session).get_for(principal, notice_id)
    if row is None:
        raise NoticeNotFound(notice_id)
    return _view(row, principal, today)


def notice_detail(
    session: Session, *, principal: Principal, notice_id: int, now: datetime, action: str
) -> NoticeDetail:
    """One notice with its measures, for a recipient (``notice.read``) or a tracker
    (``notice.track``)."""
    authorize(principal, action)
    view = _get(session, principal, notice_id, china_date(now))
    repo = NoticeRepository(session)
    measures = list(repo.measures(notice_id))
    files = repo.attachments([m.id for m in measures])
    return NoticeDetail(
        view, [Measures(m, [a for a in files if a.measure_id == m.id]) for m in measures]
    )


# --- acknowledging and filing (the institution) -----------------------------------------------


def acknowledge(
    session: Session, *, principal: Principal, notice_id: int, now: datetime
) -> NoticeView:
    """The institution acknowledges its notice; its superior bank acknowledges the letter. A
    second acknowledgement is a 409 and changes nothing."""
    authorize(principal, "notice.acknowledge")
    view = _get(session, principal, notice_id, china_date(now))
    notice = view.notice
    if view.recipient == "superior":
        if notice.letter_acknowledged_at is not None:
            raise NoticeAlreadyAcknowledged(
                "函件", notice.letter_acknowledged_by, notice.letter_acknowledged_at
            )
        notice.letter_acknowledged_at = now
        notice.letter_acknowledged_by = principal.username
    else:
        if notice.acknowledged_at is not None:
            raise NoticeAlreadyAcknowledged(
                "督导通报", notice.acknowledged_by, notice.acknowledged_at
            )
        notice.acknowledged_at = now
        notice.acknowledged_by = principal.username
    session.flush()
    return _get(session, principal, notice_id, china_date(now))


def file_measures(
    session: Session,
    *,
    principal: Principal,
    notice_id: int,
    text: str,
    settings: Settings,
    now: datetime,
    attachments: list[tuple[str, bytes]] | None = None,
) -> RectificationMeasure:
    """The noticed institution files its rectification measures (text and files). Another
    institution, its superior bank included, is refused (403); so is a notice not yet
    acknowledged (409); a bad text or file is a 422 naming it. Nothing is written unless all
    of it is accepted. Filing again adds to what was filed (supplementary measures)."""
    authorize(principal, "notice.rectify")
    view = _get(session, principal, notice_id, china_date(now))
    if view.recipient != "institution":
        raise RectificationNotYours(view.institution.name)
    if view.notice.acknowledged_at is None:
        raise NoticeNotAcknowledged()
    files = [(upload_name(name), content) for name, content in attachments or []]
    problems = rules.check_measures(text, [(n, len(c)) for n, c in files])
    if problems:
        raise MeasuresInvalid("；".join(problems))
    repo = NoticeRepository(session)
    measure = RectificationMeasure(
        notice_id=notice_id, text=text.strip(), filed_by=principal.username, filed_at=now
    )
    repo.add(measure)
    home = settings.resolved_home
    written: list[tuple[Path, bytes]] = []
    for name, content in files:
        digest = hashlib.sha256(content).hexdigest()
        relative = MEASURE_FOLDER / str(notice_id) / f"{measure.id}-{digest[:12]}-{name}"
        written.append((home / relative, content))
        repo.add(
            RectificationAttachment(
                measure_id=measure.id,
                filename=name,
                path=str(relative),
                size_bytes=len(content),
                sha256=digest,
            )
        )
    write_outputs(written)
    return measure


# --- documents and attachments ----------------------------------------------------------------


def document_file(
    session: Session,
    *,
    principal: Principal,
    notice_id: int,
    kind: rules.DocumentKind,
    settings: Settings,
    now: datetime,
    action: str,
) -> tuple[Path, str]:
    """The stored notice or letter and the name to offer (``2022-12_甲银行_督导通报.docx``)."""
    authorize(principal, action)
    view = _get(session, principal, notice_id, china_date(now))
    if not rules.may_download(view.recipient, kind):
        raise DocumentNotYours()
    notice = view.notice
    stored = notice.notice_path if kind == "notice" else notice.letter_path
    name = f"{notice.period}_{view.institution.name}_{rules.DOCUMENT_NAMES[kind]}.docx"
    if stored is None:
        raise NoticeNotFound(notice_id)
    path = settings.resolved_home / stored  # absolute paths of older rows stay absolute
    if not path.is_file():
        raise DocumentMissing(name)
    return path, name


def document_pdf(
    session: Session,
    *,
    principal: Principal,
    notice_id: int,
    kind: rules.DocumentKind,
    settings: Settings,
    now: datetime,
    action: str,
) -> tuple[bytes, str]:
    """The stored notice or letter as PDF, rendered by LibreOffice from the docx it was issued
    as (``reports.pdfs``, issue 14 point 5), and the name to offer (``….pdf``)."""
    path, name = document_file(
        session,
        principal=principal,
        notice_id=notice_id,
        kind=kind,
        settings=settings,
        now=now,
        action=action,
    )
    [content] = reports.pdfs([path.read_bytes()], settings=settings)
    return content, name.removesuffix(".docx") + ".pdf"


def attachment_file(
    session: Session,
    *,
    principal: Principal,
    attachment_id: int,
    settings: Settings,
    action: str,
) -> tuple[Path, str]:
    authorize(principal, action)
    found = NoticeRepository(session).attachment_for(principal, attachment_id)
    if found is None:
        raise DocumentMissing(f"附件 {attachment_id}")
    attachment, _ = found
    path = settings.resolved_home / attachment.path
    if not path.is_file():
        raise DocumentMissing(attachment.filename)
    return path, attachment.filename


# --- tracking (pboc, gov) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Tracking:
    period: str | None
    periods: list[str]
    rows: list[NoticeView]
    counts: dict[str, int]
    acknowledged: int


def tracking(
    session: Session, *, principal: Principal, now: datetime, period: Period | None = None
) -> Tracking:
    """The tracking table of one period's notices (the latest when none is given): issued,
    acknowledged, measures filed, overdue, with the counts of each stage."""
    authorize(principal, "notice.track")
    repo = NoticeRepository(session)
    periods = repo.periods_for(principal)
    chosen = str(period) if period is not None else (periods[0] if periods else None)
    today = china_date(now)
    rows = (
        [_view(r, principal, today) for r in repo.list_for(principal, period=chosen)]
        if chosen
        else []
    )
    return Tracking(
        chosen,
        periods,
        rows,
        count_stages([r.stage for r in rows]),
        sum(1 for r in rows if r.notice.acknowledged_at is not None),
    )


# --- the reminder sweep (a timer) -------------------------------------------------------------


@dataclass(frozen=True)
class Reminded:
    due: int
    overdue: int


def remind(session: Session, *, settings: Settings, now: datetime) -> Reminded:
    """``rectification_due`` to the users of every institution whose measures are due within
    ``REMIND_WORKDAYS`` working days, or overdue; each reminder at most once per notice and kind
    (deduplicated), so the timer may run as often as it likes."""
    today = china_date(now)
    calendar = work_calendar(session)
    due = overdue = 0
    for notice, institution, filed_at in NoticeRepository(session).open_with_deadline():
        owed = reminder(reports.follow_up_of(notice, filed_at), today, calendar)
        if owed is None or notice.deadline is None:
            continue
        when = chinese_date(notice.deadline)
        title = (
            f"督导通报（{notice.number or notice.period}）的整改措施须于{when}前报送"
            if owed == "due"
            else f"督导通报（{notice.number or notice.period}）的整改措施已逾期（应于{when}前报送）"
        )
        sent = notifications.notify_institution(
            session,
            institution_id=institution.id,
            message=notifications.Message(
                kind="rectification_due",
                title=title,
                link=f"/notices/{notice.id}",
                dedupe_key=f"rectification:{notice.id}:{owed}",
            ),
            settings=settings,
            now=now,
        )
        if sent:
            due += owed == "due"
            overdue += owed == "overdue"
    return Reminded(due, overdue)
