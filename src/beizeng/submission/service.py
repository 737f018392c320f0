"""Use cases of the monthly submissions (issue 13 point 1, C-4.5.1): a bank submits its loan
ledger and its statistics for a period through the platform, sees its versions, and pboc follows
who submitted, who is late and who is missing, and reminds the missing.

The imports are the ledger's and the statistics' own (``ledger.service.import_ledger``,
``stats.service.submit_stats``): the institution is always the submitter's, never a code in the
file. Every use case asks the policy for its action.
"""

from __future__ import annotations

import re
import secrets
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.config import Settings
from beizeng.errors import DataInvalid
from beizeng.holiday import service as holidays
from beizeng.institution import service as institutions
from beizeng.kit.clock import china_date
from beizeng.kit.periods import Period
from beizeng.ledger import service as ledgers
from beizeng.ledger import template as ledger_template
from beizeng.ledger.errors import LedgerInvalid
from beizeng.ledger.schemas import ImportReport, SubmissionRead
from beizeng.models.ledger import CURRENT
from beizeng.notification import service as notifications
from beizeng.stats import service as stats
from beizeng.stats import template as stats_template
from beizeng.stats.schemas import StatsSubmissionRead, StatsSubmitted
from beizeng.submission import rules
from beizeng.submission.errors import (
    NoInstitution,
    PeriodNotOpen,
    ReasonInvalid,
    SubmissionRefused,
    WorkbookNotFound,
)

Progress = Callable[[int, int], None]

ERRORS_FOLDER = "submission-errors"
"""Error workbooks of refused ledgers, under ``$BEIZENG_HOME/tmp``; kept for a day."""
WORKBOOK_LIFE = timedelta(days=1)
_TOKEN = re.compile(r"^(\d{1,10})-([0-9a-f]{32})$")


@dataclass(frozen=True)
class LedgerAccepted:
    """An accepted ledger: what was stored, its totals by caliber, what it superseded."""

    report: ImportReport
    institution_name: str
    calibers: dict[str, Decimal]


def _institution(principal: Principal) -> str:
    if not principal.institution_code or principal.institution_id is None:
        raise NoInstitution()
    return principal.institution_code


def _check_period(period: Period, now: datetime) -> None:
    problem = rules.period_problem(period, today=china_date(now))
    if problem:
        raise PeriodNotOpen(problem + "。")


def _check_reason(reason: str | None, *, resubmission: bool, required: bool) -> str | None:
    problem = rules.reason_problem(reason, resubmission=resubmission, required=required)
    if problem:
        raise ReasonInvalid(problem + "。")
    return (reason or "").strip() or None


def scratch_folder(settings: Settings) -> Path:
    """Where uploads are spooled: ``$BEIZENG_HOME/tmp`` (the imports' own scratch space)."""
    folder = settings.resolved_home / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _new_workbook(settings: Settings, institution_id: int, now: datetime) -> tuple[str, Path]:
    folder = scratch_folder(settings) / ERRORS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.xlsx"):
        if datetime.fromtimestamp(old.stat().st_mtime, now.tzinfo) < now - WORKBOOK_LIFE:
            old.unlink(missing_ok=True)
    token = f"{institution_id}-{secrets.token_hex(16)}"
    return token, folder / f"{token}.xlsx"


def submit_ledger(
    session: Session,
    *,
    principal: Principal,
    path: Path,
    period: Period,
    settings: Settings,
    now: datetime,
    reason: str | None = None,
    reason_required: bool = True,
    keep_workbook: bool = False,
    with_calibers: bool = True,
    progress: Progress | None = None,
) -> LedgerAccepted:
    """Submit the principal's institution's loan ledger for ``period`` (C-4.5.1).

    Refused, with nothing stored: a period before 2000 or not yet ended, a resubmission without
    a reason when one is required (the pages ask; the API may send one), and any file the
    ledger import refuses (``SubmissionRefused`` with every problem and, with
    ``keep_workbook``, the token of the error workbook). ``with_calibers`` adds the balances by
    caliber the page shows (a scan of the stored file; the API's answer does not carry them).
    """
    authorize(principal, "ledger.submit")
    code = _institution(principal)
    _check_period(period, now)
    current = [r for r in ledgers.history(session, institution_code=code, period=period)]
    resubmission = any(r.status == CURRENT for r in current)
    text = _check_reason(reason, resubmission=resubmission, required=reason_required)
    token: str | None = None
    errors_out: Path | None = None
    if keep_workbook:
        assert principal.institution_id is not None
        token, errors_out = _new_workbook(settings, principal.institution_id, now)
    try:
        report = ledgers.import_ledger(
            session,
            path=path,
            institution_code=code,
            period=period,
            settings=settings,
            now=now,
            actor=principal.username,
            errors_out=errors_out,
            progress=progress,
            reason=text,
        )
    except LedgerInvalid as exc:
        written = token if errors_out is not None and errors_out.is_file() else None
        raise SubmissionRefused(
            exc.message.split("\n", 1)[0].replace("未写入任何数据", "台账未被接收，未写入任何数据"),
            problems=exc.problems,
            total=exc.total,
            workbook=written,
        ) from exc
    except DataInvalid as exc:
        errors = [p for p in exc.problems if p.severity == "error"]
        raise SubmissionRefused(exc.message, problems=errors, total=len(errors)) from exc
    calibers: dict[str, Decimal] = {}
    if with_calibers:
        calibers = ledgers.ledger_summary(session, institution_code=code, period=period).flags
    return LedgerAccepted(
        report=report, institution_name=principal.institution_name or code, calibers=calibers
    )


def submit_stats(
    session: Session,
    *,
    principal: Principal,
    path: Path,
    period: Period,
    settings: Settings,
    now: datetime,
    reason: str | None = None,
    reason_required: bool = True,
) -> StatsSubmitted:
    """Submit the principal's institution's statistics for ``period`` (C-4.5.1): the rows'
    institution code is ignored (the submitter's own is used), a row of another period is
    refused; all or nothing."""
    authorize(principal, "stats.submit")
    code = _institution(principal)
    _check_period(period, now)
    versions = stats.submission_history(session, institution_code=code, period=period)
    resubmission = any(v.status == CURRENT for v in versions)
    text = _check_reason(reason, resubmission=resubmission, required=reason_required)
    try:
        return stats.submit_stats(
            session,
            path=path,
            institution_code=code,
            period=period,
            settings=settings,
            now=now,
            actor=principal.username,
            reason=text,
        )
    except DataInvalid as exc:
        errors = [p for p in exc.problems if p.severity == "error"]
        raise SubmissionRefused(exc.message, problems=errors, total=len(errors)) from exc


def ledger_history(
    session: Session, *, principal: Principal, period: Period | None = None
) -> list[SubmissionRead]:
    """The principal's institution's ledger versions, current and superseded, newest first."""
    authorize(principal, "ledger.history")
    return ledgers.history(session, institution_code=_institution(principal), period=period)


def stats_history(
    session: Session, *, principal: Principal, period: Period | None = None
) -> list[StatsSubmissionRead]:
    """The principal's institution's statistics versions, newest first."""
    authorize(principal, "stats.history")
    return stats.submission_history(
        session, institution_code=_institution(principal), period=period
    )


def error_workbook(principal: Principal, *, token: str, settings: Settings) -> Path:
    """The error workbook of a ledger refused for the principal's institution (else 404: a
    token of another institution is as unknown as a made-up one)."""
    authorize(principal, "ledger.submit")
    match = _TOKEN.match(token)
    if match is None or principal.institution_id is None:
        raise WorkbookNotFound()
    if int(match.group(1)) != principal.institution_id:
        raise WorkbookNotFound()
    path = scratch_folder(settings) / ERRORS_FOLDER / f"{token}.xlsx"
    if not path.is_file():
        raise WorkbookNotFound()
    return path


def template_bytes(principal: Principal, *, kind: str) -> tuple[str, bytes]:
    """The Excel template a clerk fills: (file name, bytes) of the ledger's or statistics'."""
    authorize(principal, "ledger.history" if kind == "ledger" else "stats.history")
    with tempfile.TemporaryDirectory() as folder:
        if kind == "ledger":
            target = Path(folder) / "贷款台账模板.xlsx"
            ledger_template.write_ledger_template(target)
        else:
            target = Path(folder) / "机构统计模板.xlsx"
            stats_template.write_stats_template(target)
        return target.name, target.read_bytes()


# --- pboc's board -------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardLine:
    """One bank on the board of one period."""

    institution_id: int
    institution_code: str
    institution_name: str
    standing: rules.Standing
    versions: int
    first_at: datetime | None
    latest_at: datetime | None
    rows: int | None
    total_balance: Decimal | None
    reason: str | None
    stats_versions: int
    stats_latest_at: datetime | None

    @property
    def standing_name(self) -> str:
        return rules.STANDING_NAMES[self.standing]


@dataclass(frozen=True)
class Board:
    period: Period
    due: date
    workday: int
    today: date
    lines: list[BoardLine]

    def count(self, standing: rules.Standing) -> int:
        return sum(1 for line in self.lines if line.standing == standing)

    @property
    def to_remind(self) -> list[BoardLine]:
        return [line for line in self.lines if rules.needs_reminder(line.standing)]


def _board(
    session: Session, *, period: Period, settings: Settings, today: date, county: str | None
) -> Board:
    due = rules.due_date(
        period, calendar=holidays.work_calendar(session), workday=settings.ledger_due_workday
    )
    by_bank: dict[str, list[SubmissionRead]] = defaultdict(list)
    for sub in ledgers.history(session, period=period):
        by_bank[sub.institution_code].append(sub)
    stats_by_bank: dict[str, list[StatsSubmissionRead]] = defaultdict(list)
    for version in stats.submission_history(session, period=period):
        stats_by_bank[version.institution_code].append(version)
    codes = [code for code, _ in institutions.bank_choices(session)]
    banks = institutions.institutions_by_codes(session, codes)
    lines: list[BoardLine] = []
    for code in codes:
        bank = banks[code]
        if county is not None and bank.county_code != county:
            continue
        subs = by_bank.get(code, [])
        first = min((s.created_at for s in subs), default=None)
        current = next((s for s in subs if s.status == CURRENT), None)
        stats_versions = stats_by_bank.get(code, [])
        lines.append(
            BoardLine(
                institution_id=bank.id,
                institution_code=code,
                institution_name=bank.name,
                standing=rules.standing(china_date(first) if first else None, due=due, today=today),
                versions=len(subs),
                first_at=first,
                latest_at=current.created_at if current else None,
                rows=current.rows if current else None,
                total_balance=current.total_balance if current else None,
                reason=current.reason if current else None,
                stats_versions=len(stats_versions),
                stats_latest_at=max((v.created_at for v in stats_versions), default=None),
            )
        )
    order = list(rules.Standing)
    lines.sort(key=lambda line: (-order.index(line.standing), line.institution_code))
    return Board(
        period=period, due=due, workday=settings.ledger_due_workday, today=today, lines=lines
    )


def board(
    session: Session, *, principal: Principal, period: Period, settings: Settings, today: date
) -> Board:
    """Who submitted the ledger of ``period``, when, how many versions, who is late or missing
    (the due day: ``BEIZENG_LEDGER_DUE_WORKDAY`` working days after the month end); a county
    sub-branch sees its county's banks."""
    authorize(principal, "submission.board")
    return _board(
        session, period=period, settings=settings, today=today, county=principal.supervised_county
    )


def system_board(session: Session, *, period: Period, settings: Settings, today: date) -> Board:
    """The whole city's board for the command line (run by an administrator on the server)."""
    return _board(session, period=period, settings=settings, today=today, county=None)


@dataclass(frozen=True)
class Reminded:
    """The outcome of a reminder round: the banks reminded and how many users were new."""

    period: Period
    due: date
    institutions: list[str]
    users: int


def send_reminders(
    session: Session,
    *,
    period: Period,
    settings: Settings,
    now: datetime,
    county: str | None = None,
) -> Reminded:
    """Remind every user of each bank without a ledger of ``period`` (in-app notification
    ``ledger_missing``, once per institution and period however often this runs): the timer's
    use case (``beizeng submissions remind``) and the board's button."""
    found = _board(session, period=period, settings=settings, today=china_date(now), county=county)
    names: list[str] = []
    users = 0
    for line in found.to_remind:
        note = rules.reminder(institution_id=line.institution_id, period=period, due=found.due)
        users += notifications.notify_institution(
            session,
            institution_id=line.institution_id,
            message=notifications.Message(
                kind="ledger_missing", title=note.title, link=note.link, dedupe_key=note.dedupe_key
            ),
            settings=settings,
            now=now,
        )
        names.append(line.institution_name)
    return Reminded(period=period, due=found.due, institutions=names, users=users)


def remind(
    session: Session, *, principal: Principal, period: Period, settings: Settings, now: datetime
) -> Reminded:
    """The board's button: remind the missing banks the principal supervises."""
    authorize(principal, "submission.remind")
    return send_reminders(
        session, period=period, settings=settings, now=now, county=principal.supervised_county
    )
