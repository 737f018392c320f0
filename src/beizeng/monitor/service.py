"""Use cases of monitoring: evaluate a plan for a month end, trends, rankings, improvements.

Reads numbers through the ledger scan (loans and institution statistics), the institution
registry and the registered platform sources (``platform``: C-3.4.1, C-3.4.2); judging is pure
(``evaluation``). Implements C-3.1.1 (follow-up monitoring),
C-4.5.1 (statistical monitoring of credit totals and 两增) and C-4.5.3 (regular bulletins).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.institution import service as institution_service
from beizeng.kit.periods import Period
from beizeng.kit.text import upload_name
from beizeng.ledger.scan import LedgerScan
from beizeng.models.monitor import PlanVersion, SupervisionNotice
from beizeng.monitor.compute import IndicatorTable, Scan
from beizeng.monitor.errors import (
    MonitorNoData,
    PlanDuplicate,
    PlanInvalid,
    PlanLoadedMeanwhile,
    PlanTooLarge,
    PlanVersionNumberUnknown,
    PlanVersionUnknown,
    TargetUnknown,
)
from beizeng.monitor.evaluation import (
    Evaluation,
    Improvement,
    Indicator,
    NoticeRecord,
    Subject,
    TargetResult,
    Trend,
    improvements,
    judge,
    rank,
)
from beizeng.monitor.indicators import (
    Numbers,
    Subjects,
    evaluation_periods,
    indicator_table,
)
from beizeng.monitor.metrics import METRICS
from beizeng.monitor.plan import Plan, parse_plan
from beizeng.monitor.platform import wired_metrics
from beizeng.monitor.repository import NoticeRepository, PlanVersionRepository
from beizeng.reference.regions import LULIANG

DEFAULT_PLAN = "lvliang-2022.toml"


def default_plan_text() -> str:
    """The packaged 2022 plan (identical to ``plans/lvliang-2022.toml`` at the repository root)."""
    return (resources.files("beizeng.monitor") / "plans" / DEFAULT_PLAN).read_text("utf-8")


def load_plan(path: Path | None = None, *, session: Session | None = None) -> Plan:
    """Read and parse a plan file; without one, the active stored version (when ``session`` is
    given and pboc loaded one, issue 13 point 4), else the packaged 2022 plan."""
    if path is None:
        if session is not None:
            return active_plan(session).plan
        return parse_plan(default_plan_text(), source=DEFAULT_PLAN)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanInvalid(f"计划文件 {path} 不存在。") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanInvalid(f"无法读取计划文件 {path}（须为 UTF-8 编码的 TOML）：{exc}") from None
    return parse_plan(text, source=str(path))


MAX_PLAN_BYTES = 64 * 1024
"""A plan is a few kilobytes of TOML (the 2022 plan: about 6 KB); anything near this is not one."""


@dataclass(frozen=True)
class ActivePlan:
    """The plan evaluations use and where it comes from: a stored version or the package."""

    plan: Plan
    version: PlanVersion | None


def _version_source(row: PlanVersion) -> str:
    return f"第 {row.version} 版（{row.source}）"


def active_plan(session: Session) -> ActivePlan:
    """The version chosen last, else the packaged default (C-2: the year's targets)."""
    row = PlanVersionRepository(session).active()
    if row is None:
        return ActivePlan(parse_plan(default_plan_text(), source=DEFAULT_PLAN), None)
    return ActivePlan(parse_plan(row.text, source=_version_source(row)), row)


def plan_stamp(session: Session) -> str:
    """What identifies the plan in use, for caches: the active version's digest, or the
    package's."""
    row = PlanVersionRepository(session).active()
    return "default" if row is None else row.sha256


def _activation_time(repo: PlanVersionRepository, now: datetime) -> datetime:
    """``now``, or just after the active version's activation when the clock has not moved on
    (two actions in the same instant, a frozen test clock): the action taken last wins."""
    active = repo.active()
    if active is None:
        return now
    after = _aware(active.activated_at) + timedelta(microseconds=1)
    return max(now, after)


def _aware(value: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they were written in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _plan_text(content: bytes, source: str) -> str:
    if len(content) > MAX_PLAN_BYTES:
        raise PlanTooLarge(source, MAX_PLAN_BYTES)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanInvalid(
            f"计划文件 {source} 不是 UTF-8 编码的文本（第 {exc.start + 1} 个字节起无法解码）；"
            "请用 UTF-8 保存后重新上传。"
        ) from None
    if "\x00" in text:
        raise PlanInvalid(f"计划文件 {source} 含有 NUL 字符，不是文本文件。")
    return text


def store_plan(
    session: Session,
    *,
    principal: Principal,
    content: bytes,
    source: str | None,
    note: str | None,
    now: datetime,
) -> PlanVersion:
    """pboc's upload in the web (``plan.load``): see :func:`keep_plan`."""
    authorize(principal, "plan.load")
    return keep_plan(
        session, content=content, source=source, note=note, loaded_by=principal.username, now=now
    )


def keep_plan(
    session: Session,
    *,
    content: bytes,
    source: str | None,
    note: str | None,
    loaded_by: str,
    now: datetime,
) -> PlanVersion:
    """Validate a plan file (every problem at once, in Chinese, with its line) and keep it as
    the next version, which becomes the active plan; the audit log records the insert
    (``Audited``). The command line calls it for the operator at the machine, as the holiday
    calendar's ``load`` does."""
    name = upload_name(source)
    text = _plan_text(content, name)
    plan = parse_plan(text, source=name)
    repo = PlanVersionRepository(session)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    same = repo.by_sha(digest)
    if same is not None:
        raise PlanDuplicate(same.version)
    row = PlanVersion(
        version=repo.next_version(),
        plan_id=plan.id,
        title=plan.title,
        sha256=digest,
        text=text,
        source=name,
        note=(note or "").strip()[:500] or None,
        loaded_by=loaded_by,
        loaded_at=now,
        activated_at=_activation_time(repo, now),
    )
    try:
        with session.begin_nested():  # a concurrent load took the number: refuse, keep nothing
            repo.add(row)
            session.flush()
    except IntegrityError:
        raise PlanLoadedMeanwhile() from None
    return row


def choose_plan(
    session: Session, *, principal: Principal, version_id: int, now: datetime
) -> PlanVersion:
    """Make a stored version the active plan again (audited as an update)."""
    authorize(principal, "plan.load")
    repo = PlanVersionRepository(session)
    row = repo.get_for(principal, version_id)
    if row is None:
        raise PlanVersionUnknown(version_id)
    row.activated_at = _activation_time(repo, now)
    session.flush()
    return row


def activate_version(session: Session, *, version: int, now: datetime) -> PlanVersion:
    """``beizeng monitor plan choose N``: the operator makes version ``N`` active again."""
    repo = PlanVersionRepository(session)
    row = repo.by_version(version)
    if row is None:
        raise PlanVersionNumberUnknown(version)
    row.activated_at = _activation_time(repo, now)
    session.flush()
    return row


@dataclass(frozen=True)
class PlanVersions:
    rows: list[PlanVersion]
    active: PlanVersion | None
    default_title: str


def plan_versions(session: Session, *, principal: Principal) -> PlanVersions:
    """The stored versions, newest first, and which one is in use (pboc and gov)."""
    authorize(principal, "monitor.read")
    repo = PlanVersionRepository(session)
    default = parse_plan(default_plan_text(), source=DEFAULT_PLAN)
    return PlanVersions(list(repo.list_for(principal)), repo.active(), default.title)


def stored_plans(session: Session) -> PlanVersions:
    """Every stored version for the operator's ``beizeng monitor plan list``."""
    repo = PlanVersionRepository(session)
    default = parse_plan(default_plan_text(), source=DEFAULT_PLAN)
    return PlanVersions(list(repo.list_all()), repo.active(), default.title)


def plan_version(session: Session, *, principal: Principal, version_id: int) -> PlanVersion:
    """One stored version (its text is downloadable)."""
    authorize(principal, "monitor.read")
    row = PlanVersionRepository(session).get_for(principal, version_id)
    if row is None:
        raise PlanVersionUnknown(version_id)
    return row


def open_scan(session: Session, plan: Plan) -> LedgerScan:
    """The ledger scan with the plan's boundaries (10,000,000 yuan; one year)."""
    return LedgerScan(
        session,
        inclusive_threshold=plan.inclusive_threshold,
        mid_long_term_years=plan.mid_long_term_years,
    )


def available_periods(session: Session) -> list[Period]:
    """Month ends with at least one accepted ledger snapshot, oldest first."""
    return LedgerScan(session).periods()


def _require_period(scan: Scan, period: Period) -> None:
    available = scan.periods()
    if period not in available:
        shown = "、".join(str(p) for p in available[-6:]) or "无"
        raise MonitorNoData(f"没有 {period} 的已接收贷款台账，无法评估。最近已有的期间：{shown}。")


def evaluation_numbers(
    session: Session, *, scan: Scan, period: Period, subjects: Subjects | None = None
) -> Numbers:
    """Every metric for every subject at the month ends an evaluation of ``period`` reads
    (``evaluation_periods``: the measures' terms), as :func:`evaluate` and a derived measure's
    explain read them."""
    found = subjects or Subjects(session)
    table = indicator_table(session, scan, found, evaluation_periods(period))
    return Numbers(table, period, wired_metrics())


def evaluate(
    session: Session, *, plan: Plan, period: Period, scan: Scan | None = None
) -> Evaluation:
    """Judge every target of ``plan`` for every subject at ``period`` (two queries in all)."""
    scan = scan or open_scan(session, plan)
    _require_period(scan, period)
    subjects = Subjects(session)
    numbers = evaluation_numbers(session, scan=scan, period=period, subjects=subjects)
    table = numbers.table
    results: list[TargetResult] = []
    for target in plan.targets:
        seen: set[tuple[str, str]] = set()
        for keyword in target.subjects:
            for subject in subjects.expand(keyword):
                if (subject.level, subject.code) not in seen:
                    seen.add((subject.level, subject.code))
                    results.append(
                        judge(target, subject, numbers.snapshots, subjects.resolve, period=period)
                    )
    with_data = [
        subjects.city,
        *[s for s in subjects.counties if s.code in table.subjects("county")],
        *subjects.groups,
        *[s for s in subjects.institutions if s.code in table.subjects("institution")],
    ]
    indicators = tuple(
        Indicator(m.slug, s, numbers.snapshots(m.slug, s)) for m in METRICS for s in with_data
    )
    return Evaluation(plan, period, tuple(with_data), tuple(results), indicators)


def rankings(
    evaluation: Evaluation, *, target: str | None = None
) -> dict[str, list[tuple[int | None, TargetResult]]]:
    """Institutions ranked on each target's margin (targets judged per institution only).

    With ``target``, only that target; one that is not ranked per institution raises
    ``TargetUnknown`` listing the targets that are (an empty answer hid the typo).
    """
    out: dict[str, list[tuple[int | None, TargetResult]]] = {}
    for t in evaluation.plan.targets:
        rows = [r for r in evaluation.results_of(t.id) if r.subject.level == "institution"]
        if rows:
            out[t.id] = rank(rows)
    if target is None:
        return out
    if target in out:
        return {target: out[target]}
    choices = "、".join(f"{t.id}（{t.title}）" for t in evaluation.plan.targets if t.id in out)
    known = {t.id for t in evaluation.plan.targets}
    why = "没有按机构评估的结果，无法排名" if target in known else "不在目标计划中"
    raise TargetUnknown(
        f"目标「{target}」{why}。可排名的目标：{choices or '无（本期没有按机构评估的目标）'}。"
    )


@dataclass(frozen=True)
class TrendWindow:
    """The last month ends up to a period, with every summable metric computed over them for
    every subject: what a trend line of any subject reads (one pair of queries for all)."""

    periods: list[Period]
    subjects: Subjects
    table: IndicatorTable
    platform: frozenset[str] = frozenset()

    def values(self, slug: str, subject: Subject) -> list[Decimal | None]:
        """The metric's value at each month end of the window, oldest first."""
        return [
            Numbers(self.table, p, self.platform).snapshots(slug, subject).value.value
            for p in self.periods
        ]


def trend_window(session: Session, *, scan: Scan, period: Period, months: int = 24) -> TrendWindow:
    """Compute the ``months`` month ends ending at ``period`` for every subject."""
    subjects = Subjects(session)
    window = [period.shift(-i) for i in range(months - 1, -1, -1)]
    table = indicator_table(session, scan, subjects, window)
    return TrendWindow(window, subjects, table, wired_metrics())


def trends(
    session: Session,
    *,
    plan: Plan,
    period: Period,
    months: int = 24,
    subject: str = LULIANG,
    metrics: Sequence[str] | None = None,
    scan: Scan | None = None,
) -> list[Trend]:
    """The last ``months`` month ends of each metric for ``subject`` (one pair of queries)."""
    window = trend_window(
        session, scan=scan or open_scan(session, plan), period=period, months=months
    )
    who = window.subjects.resolve(subject)
    return [
        Trend(slug, who, tuple(zip(window.periods, window.values(slug, who), strict=True)))
        for slug in metrics or [m.slug for m in METRICS]
    ]


@dataclass(frozen=True)
class IssuedNotice:
    """What was written for one institution: the notice and, if any, the letter."""

    institution_code: str
    targets: tuple[str, ...]
    notice_path: str
    letter_path: str | None


def record_notices(
    session: Session, *, plan: Plan, period: Period, issued: Sequence[IssuedNotice]
) -> list[SupervisionNotice]:
    """Store the index of issued notices (who, when, which institution, targets, files)."""
    institutions = institution_service.institutions_by_codes(
        session, [i.institution_code for i in issued]
    )
    repo = NoticeRepository(session)
    actor = str(session.info.get("actor") or "system")
    rows = []
    for item in issued:
        institution = institutions[item.institution_code]
        row = SupervisionNotice(
            period=str(period),
            plan_id=plan.id,
            institution_id=institution.id,
            superior=institution.superior,
            targets=list(item.targets),
            notice_path=item.notice_path,
            letter_path=item.letter_path,
            issued_by=actor,
        )
        repo.add(row)
        rows.append(row)
    session.flush()
    return rows


def previous_notices(session: Session, *, period: Period) -> list[NoticeRecord]:
    """The notices of the most recent period before ``period`` (one per institution)."""
    repo = NoticeRepository(session)
    last = repo.latest_period_before(str(period))
    if last is None:
        return []
    seen: set[str] = set()
    out: list[NoticeRecord] = []
    for notice, code in repo.for_period(last):
        if code not in seen:
            seen.add(code)
            out.append(NoticeRecord(code, Period.parse(last), tuple(notice.targets)))
    return out


def improvements_since_notices(session: Session, evaluation: Evaluation) -> list[Improvement]:
    """Who improved since the last notices: their noticed targets judged again now."""
    return improvements(previous_notices(session, period=evaluation.period), evaluation)
