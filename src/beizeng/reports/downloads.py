"""The monitoring documents as downloads (issue 13 point 4; C-3.1.2, C-4.5.3): the regular
bulletin (docx, or its PDF: issue 14 point 5), the indicator workbook (xlsx) and the period's
two-line notices (a zip of docx, or of their PDFs), each generated with the active plan for one
principal and handed to the page as bytes; the bulletin and the notices are dated (and the
bulletin numbered) as the request says, checked by ``reports.rules`` like the command line's.

The bulletin goes through ``service.write_bulletin`` like the command line, into a temporary
folder under ``$BEIZENG_HOME/tmp`` that is removed once the bytes are read; the workbook and the
notices are rendered in memory (their PDFs in a temporary folder there too). Nothing is written anywhere a request names. The notices are
drafts (generation only): issuing them, with the record and the follow-up, is the notice
feature's (``/notices``). A county sub-branch gets its county's rows in the workbook and the
notices of the institutions registered in its county; the bulletin is the city's document.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.config import Settings
from beizeng.holiday.service import work_calendar
from beizeng.kit.files import ensure_directory
from beizeng.kit.periods import Period
from beizeng.monitor import service as monitor
from beizeng.monitor import views
from beizeng.reports import officialdoc
from beizeng.reports import service as reports
from beizeng.reports.errors import BulletinCityOnly, NoNoticesDue
from beizeng.reports.indicator_workbook import render_workbook
from beizeng.reports.notices import compose_letter, compose_notice
from beizeng.reports.rectification import rectification_deadline

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
PDF = "application/pdf"


@dataclass(frozen=True)
class Download:
    """A generated document: its ASCII file name, its Chinese name, its type and its bytes."""

    filename: str
    title: str
    media_type: str
    content: bytes

    @property
    def disposition(self) -> str:
        """``attachment`` with the ASCII name and the Chinese one (RFC 6266 / RFC 5987)."""
        return f"attachment; filename=\"{self.filename}\"; filename*=UTF-8''{quote(self.title)}"


def bulletin(
    session: Session,
    *,
    principal: Principal,
    period: Period,
    settings: Settings,
    signed_on: date,
    number: str | None = None,
    as_pdf: bool = False,
) -> Download:
    """The regular bulletin of ``period`` dated ``signed_on`` and numbered ``number`` (the
    default number when None; GB/T 9704 docx, C-4.5.3), or its PDF rendered by LibreOffice
    (``reports.pdf``, issue 14 point 5)."""
    authorize(principal, "monitor.reports")
    if principal.supervised_county is not None:
        raise BulletinCityOnly()
    plan = monitor.load_plan(session=session)
    scratch = ensure_directory(settings.resolved_home / reports.SCRATCH)
    with tempfile.TemporaryDirectory(dir=scratch, prefix="bulletin-") as folder:
        out = Path(folder) / "bulletin.docx"
        written = reports.write_bulletin(
            session,
            plan=plan,
            period=period,
            out=out,
            pdf=out.with_suffix(".pdf") if as_pdf else None,
            signed_on=signed_on,
            number=number,
            rectification_workdays=settings.rectification_workdays,
        )
        content = (written.pdf or out).read_bytes()
    suffix, media_type = ("pdf", PDF) if as_pdf else ("docx", DOCX)
    return Download(
        f"bulletin-{period}.{suffix}",
        f"定期通报-{period.year}年{period.month}月.{suffix}",
        media_type,
        content,
    )


def workbook(session: Session, *, principal: Principal, period: Period) -> Download:
    """The indicator workbook of ``period`` (sheets 目标评估, 指标, 机构排名, 趋势); a county
    sub-branch's holds its county's rows and no city trends."""
    authorize(principal, "monitor.reports")
    plan = monitor.load_plan(session=session)
    evaluation = monitor.evaluate(session, plan=plan, period=period)
    scope = views.scope_for(session, principal)
    if scope.county is None:
        content = render_workbook(
            evaluation, reports.bulletin_trends(session, plan=plan, period=period)
        )
    else:
        content = render_workbook(views.narrowed(evaluation, scope))
    return Download(
        f"indicators-{period}.xlsx",
        f"指标工作簿-{period.year}年{period.month}月.xlsx",
        XLSX,
        content,
    )


def notices(
    session: Session,
    *,
    principal: Principal,
    period: Period,
    settings: Settings,
    signed_on: date,
    as_pdf: bool = False,
) -> Download:
    """Drafts of the period's notices to every institution failing a target and the letters
    to their superior management banks (双线, C-3.1.2), dated ``signed_on`` with the deadline
    ``settings.rectification_workdays`` working days on, as docx or (``as_pdf``) as their PDFs
    rendered in one LibreOffice run; nothing is recorded. Each draft keeps the number the city
    gives it (``service.draft_notices``), the number it is issued with."""
    authorize(principal, "monitor.reports")
    plan = monitor.load_plan(session=session)
    preview = reports.draft_notices(
        session, plan=plan, period=period, county=principal.supervised_county
    )
    if not preview.drafts:
        raise NoNoticesDue(str(period))
    workdays = settings.rectification_workdays
    deadline = rectification_deadline(signed_on, workdays, work_calendar(session))
    documents: list[tuple[str, bytes]] = []
    for draft in preview.drafts:
        subject = draft.subject
        notice = compose_notice(
            subject,
            draft.results,
            preview.evaluation,
            number=draft.number,
            signed_on=signed_on,
            deadline=deadline,
            workdays=workdays,
        )
        documents.append(
            (f"{period}_{subject.code}_督导通报_{subject.name}", officialdoc.render(notice))
        )
        if draft.letter_number is not None:
            letter = compose_letter(
                subject,
                draft.results,
                preview.evaluation,
                number=draft.letter_number,
                signed_on=signed_on,
            )
            documents.append(
                (f"{period}_{subject.code}_致上级行函_{subject.name}", officialdoc.render(letter))
            )
    suffix = "pdf" if as_pdf else "docx"
    contents = [content for _, content in documents]
    if as_pdf:
        contents = reports.pdfs(contents, settings=settings)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for (name, _), content in zip(documents, contents, strict=True):
            archive.writestr(f"{name}.{suffix}", content)
    return Download(
        f"notices-{period}.zip",
        f"督导通报稿-{period.year}年{period.month}月.zip",
        ZIP,
        buffer.getvalue(),
    )
