"""Use cases of reports: write the bulletin, the indicator workbook and the supervision notices.

Assemble (monitor service) → compose (pure) → render (bytes) → write. Every file is rendered in
memory before the first one is written, so a failure leaves nothing half-written.

The date a document is signed on is the caller's (``signed_on``): a command defaults it to today
in China, not the machine's date, and this module never reads a clock (consolidation issue,
point 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.kit.files import write_outputs
from beizeng.kit.periods import Period
from beizeng.monitor import service as monitor
from beizeng.monitor.evaluation import Evaluation, Trend, failures
from beizeng.monitor.plan import Plan
from beizeng.reports import officialdoc
from beizeng.reports.bulletin import BulletinOptions, compose_bulletin
from beizeng.reports.indicator_workbook import render_workbook
from beizeng.reports.notices import compose_letter, compose_notice

TREND_METRICS = ("loans", "inclusive_smb", "inclusive_smb_borrowers", "first_loan_borrowers")


def default_number(period: Period) -> str:
    """The document number used when none is given: 银吕发〔YYYY〕M号."""
    return f"银吕发〔{period.year}〕{period.month}号"


@dataclass(frozen=True)
class BulletinWritten:
    evaluation: Evaluation
    docx: Path
    xlsx: Path | None


def bulletin_trends(session: Session, *, plan: Plan, period: Period) -> list[Trend]:
    return monitor.trends(session, plan=plan, period=period, metrics=TREND_METRICS)


def write_bulletin(
    session: Session,
    *,
    plan: Plan,
    period: Period,
    out: Path,
    xlsx: Path | None = None,
    signed_on: date,
    number: str | None = None,
) -> BulletinWritten:
    """Evaluate ``plan`` at ``period`` and write the bulletin (and the workbook) dated
    ``signed_on``."""
    evaluation = monitor.evaluate(session, plan=plan, period=period)
    trends = bulletin_trends(session, plan=plan, period=period)
    document = compose_bulletin(
        evaluation,
        trends=trends,
        improvements=monitor.improvements_since_notices(session, evaluation),
        options=BulletinOptions(number=number or default_number(period), signed_on=signed_on),
    )
    files = [(out, officialdoc.render(document))]
    if xlsx is not None:
        files.append((xlsx, render_workbook(evaluation, trends)))
    write_outputs(files)
    return BulletinWritten(evaluation, out, xlsx)


@dataclass(frozen=True)
class NoticesIssued:
    evaluation: Evaluation
    files: tuple[Path, ...]
    institutions: tuple[str, ...]


def issue_notices(
    session: Session,
    *,
    plan: Plan,
    period: Period,
    out_dir: Path,
    signed_on: date,
    evaluation: Evaluation | None = None,
) -> NoticesIssued:
    """For every institution failing a target: a notice to it and a letter to its superior
    (双线, C-3.1.2); the index of what was issued is stored for the next bulletin."""
    evaluation = evaluation or monitor.evaluate(session, plan=plan, period=period)
    files: list[tuple[Path, bytes]] = []
    issued: list[monitor.IssuedNotice] = []
    for i, (code, results) in enumerate(sorted(failures(evaluation).items()), start=1):
        subject = results[0].subject
        number = f"银吕督〔{period.year}〕{i}号"
        notice = out_dir / f"{period}_{code}_notice.docx"
        files.append(
            (
                notice,
                officialdoc.render(
                    compose_notice(subject, results, evaluation, number=number, signed_on=signed_on)
                ),
            )
        )
        letter: Path | None = None
        if subject.superior:
            letter = out_dir / f"{period}_{code}_letter.docx"
            doc = compose_letter(
                subject,
                results,
                evaluation,
                number=f"银吕函〔{period.year}〕{i}号",
                signed_on=signed_on,
            )
            files.append((letter, officialdoc.render(doc)))
        issued.append(
            monitor.IssuedNotice(
                code,
                tuple(r.target.id for r in results),
                str(notice),
                None if letter is None else str(letter),
            )
        )
    monitor.record_notices(session, plan=plan, period=period, issued=issued)
    write_outputs(files)
    return NoticesIssued(
        evaluation, tuple(p for p, _ in files), tuple(i.institution_code for i in issued)
    )
