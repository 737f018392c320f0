"""Every figure down to what it is made of: ``beizeng monitor explain`` (issue 14 point 3).

A metric for a subject at a month end is answered with its value, exactly as the evaluation
computes it (``service.trend_window`` and ``service.Numbers``: the same queries, so the two cannot
drift), its composition (by county, by bank, by borrower type, by caliber; each part with its
value and share) and the rows it counts, each with the stored submission it came from (id and
version) and the reason it counts (``reasons``):

- balance metrics (``sum``): one row per loan counted; the rows' balances add up to the value;
- borrower counts (``distinct``): one row per borrower counted, its counted loans' ids joined;
  there are as many rows as the value says;
- statistics: one row per institution statistic the value adds up (its statistics submission);
- ratios: the value is the quotient, the rows are the numerator's, with both terms given;
- platform metrics (C-3.4.1, C-3.4.2): the platform records the registered source counts.

The rows are read with the ledger scan and filtered with the registry's own Ibis filter
(``Metric.where``), restricted to the subject's level as ``compute`` groups it; no metric is
written twice. Reach (DESIGN "who uses it"; C-3.1.2): a bank explains only its own institution
and its branches ``CODE:COUNTY``; a county sub-branch its county, the institutions registered in
it and their branches there; pboc and gov at the city level everything. Borrower ids are masked
(``mask_identifier``: a person's resident id, never an enterprise's USCC).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from sqlalchemy.orm import Session

from beizeng.access.errors import ActionRefused
from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.kit.periods import Period
from beizeng.ledger import rules
from beizeng.ledger.scan import LedgerScan
from beizeng.models.ledger import CURRENT
from beizeng.monitor import platform, reasons, service, views
from beizeng.monitor.compute import BRANCH_SEPARATOR
from beizeng.monitor.errors import MonitorNoData, SubjectUnknown
from beizeng.monitor.evaluation import Subject
from beizeng.monitor.explained import Composition, Explanation, Part, Row, Source

# The drill-down URLs live in ``links`` (the views build them too); re-exported here, where the
# helpers' shared contract names them (``lineage.explain_href``, ``lineage.target_href``).
from beizeng.monitor.links import explain_href as explain_href
from beizeng.monitor.links import target_href as target_href
from beizeng.monitor.measured import VALUE, check_measure, measured
from beizeng.monitor.metrics import REGISTRY, Metric, get_metric
from beizeng.monitor.plan import Plan
from beizeng.reference.identifiers import mask_identifier
from beizeng.reference.regions import luliang_counties
from beizeng.stats.service import current_stats, submission_history


def resolve_subject(subjects: service.Subjects, code: str) -> Subject:
    """The city, a county, a group, an institution, or a branch ``INSTITUTION:COUNTY``."""
    if BRANCH_SEPARATOR not in code:
        return subjects.resolve(code)
    institution_code, _, county_code = code.partition(BRANCH_SEPARATOR)
    institution, county = subjects.resolve(institution_code), subjects.resolve(county_code)
    if institution.level != "institution" or county.level != "county":
        raise SubjectUnknown(
            f"主体「{code}」不是「机构代码{BRANCH_SEPARATOR}县区代码」形式的分支机构。"
        )
    return Subject(
        "branch",
        code,
        f"{institution.name}（{county.name}）",
        institution.category,
        institution.superior,
    )


def _branch_parts(subject: Subject) -> tuple[str, str]:
    institution, _, county = subject.code.partition(BRANCH_SEPARATOR)
    return institution, county


def check_reach(session: Session, principal: Principal, subject: Subject) -> None:
    """A bank: its own institution and branches; a county sub-branch: its county, the
    institutions registered in it and their branches there (C-3.1.2). Else a Chinese 403."""
    if principal.is_bank:
        own = principal.institution_code
        code = _branch_parts(subject)[0] if subject.level == "branch" else subject.code
        if subject.level not in ("institution", "branch") or code != own:
            raise ActionRefused(
                f"银行只能查看本机构（{principal.institution_name or own}）及其各县分支机构的"
                f"指标构成，不能查看「{subject.name}」。"
            )
        return
    scope = views.scope_for(session, principal)
    if scope.county is None:
        return
    if subject.level == "branch":
        seen = _branch_parts(subject)[1] == scope.county
    else:
        seen = scope.sees(subject)
    if not seen:
        raise ActionRefused(
            f"县支行只能查看{scope.county_name}及在本县登记机构的指标构成，"
            f"不能查看「{subject.name}」。"
        )


def _require_period(scan: LedgerScan, period: Period) -> None:
    available = scan.periods()
    if period not in available:
        shown = "、".join(str(p) for p in available[-6:]) or "无"
        raise MonitorNoData(f"没有 {period} 的已接收贷款台账，无法溯源。最近已有的期间：{shown}。")


@dataclass(frozen=True)
class _Context:
    session: Session
    scan: LedgerScan
    subjects: service.Subjects
    period: Period
    subject: Subject
    params: rules.Classification

    @cached_property
    def names(self) -> dict[str, str]:
        return {s.code: s.name for s in self.subjects.institutions}

    def source(self, code: str, submission_id: str | None, version: int | None) -> Source:
        return Source(code, self.names.get(code, code), submission_id, version)

    def institutions(self) -> set[str] | None:
        """The institutions whose own figures make the subject's (None: every one)."""
        level, code = self.subject.level, self.subject.code
        if level == "city":
            return None
        if level == "group":
            return {c for c, scope in self.subjects.scopes.items() if scope == code}
        if level == "institution":
            return {code}
        return set()


_COUNTY_NAMES = {r.code: r.name for r in luliang_counties()}


def _share(part: Decimal, total: Decimal | None) -> Decimal | None:
    return part / total if total else None


Measure = Callable[[Sequence[dict[str, Any]]], Decimal]


def _balance(records: Sequence[dict[str, Any]]) -> Decimal:
    return sum((r["balance"] for r in records if r["balance"] is not None), Decimal(0))


def _borrowers(records: Sequence[dict[str, Any]]) -> Decimal:
    return Decimal(len({r["borrower_id"] for r in records if r["borrower_id"] is not None}))


def _compose(
    key: str,
    title: str,
    records: Iterable[dict[str, Any]],
    group: Callable[[dict[str, Any]], tuple[str, str]],
    measure: Measure,
    total: Decimal | None,
    href: Callable[[str], str | None] = lambda code: None,
) -> Composition:
    """Group ``records`` by ``group`` (code, name) and measure each group, largest first."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(group(record), []).append(record)
    parts = [
        Part(code, name, value, _share(value, total), href(code))
        for (code, name), rows in groups.items()
        for value in [measure(rows)]
    ]
    parts.sort(key=lambda p: (-p.value, p.code))
    return Composition(key, title, tuple(parts))


def _deeper(ctx: _Context, metric: str, level: str) -> Callable[[str], str | None]:
    """The explain one level down from the subject: a county or bank of the city (or group),
    a bank's branch in a county; none below a branch."""
    subject = ctx.subject

    def href(code: str) -> str | None:
        if subject.level == "branch":
            return None
        if subject.level == "institution":
            target = f"{subject.code}{BRANCH_SEPARATOR}{code}" if level == "county" else None
        elif subject.level == "county":
            target = f"{code}{BRANCH_SEPARATOR}{subject.code}" if level == "bank" else None
        else:
            target = code
        return explain_href(ctx.period, metric, target) if target else None

    return href


def _at(t: Any, subject: Subject) -> Any:
    """The rows a subject's figure is computed from, as ``compute`` groups them."""
    level, code = subject.level, subject.code
    if level == "county":
        return t.county_code == code
    if level == "institution":
        return t.institution_code == code
    if level == "group":
        return t.legal_scope == code
    if level == "branch":
        institution, county = _branch_parts(subject)
        return (t.institution_code == institution) & (t.county_code == county)
    return None


def _loan_records(ctx: _Context, m: Metric) -> list[dict[str, Any]]:
    t = ctx.scan.loans(periods=[ctx.period], lineage=True)
    condition = _at(t, ctx.subject)
    if condition is not None:
        t = t.filter(condition)
    if m.where is not None:
        t = t.filter(m.where(t))
    ordered = t.order_by(["institution_code", "loan_id"])
    records: list[dict[str, Any]] = ordered.to_pyarrow().to_pylist()
    return records


def _loan_row(ctx: _Context, m: Metric, records: Sequence[dict[str, Any]]) -> Row:
    """One loan, or one borrower's counted loans (same borrower, maybe several banks)."""
    first = records[0]
    sources = dict.fromkeys(
        ctx.source(r["institution_code"], r["submission_id"], r["submission_version"])
        for r in records
    )
    why = [reasons.reasons(r, m.slug, ctx.params) or m.name for r in records]
    return Row(
        sources=tuple(sources),
        loan_id="、".join(r["loan_id"] for r in records),
        borrower_id=mask_identifier(first["borrower_id"] or ""),
        borrower_name=first["borrower_name"],
        county_code=first["county_code"],
        county="、".join(
            dict.fromkeys(_COUNTY_NAMES.get(r["county_code"], r["county_code"]) for r in records)
        ),
        balance=_balance(records),
        reasons=why[0]
        if len(records) == 1
        else "／".join(f"{r['loan_id']}：{w}" for r, w in zip(records, why, strict=True)),
    )


def _loan_detail(
    ctx: _Context, m: Metric, value: Decimal | None, slug: str
) -> tuple[list[Row], list[Composition]]:
    records = _loan_records(ctx, m)
    if m.kind == "distinct":
        by_borrower: dict[str, list[dict[str, Any]]] = {}
        for record in records:
            if record["borrower_id"] is not None:
                by_borrower.setdefault(record["borrower_id"], []).append(record)
        rows = [_loan_row(ctx, m, group) for group in by_borrower.values()]
        measure: Measure = _borrowers
    else:
        rows = [_loan_row(ctx, m, [record]) for record in records]
        measure = _balance
    names = ctx.names
    compositions = [
        _compose(
            "county",
            "按县（市、区）",
            records,
            lambda r: (r["county_code"], _COUNTY_NAMES.get(r["county_code"], r["county_code"])),
            measure,
            value,
            _deeper(ctx, slug, "county"),
        ),
        _compose(
            "bank",
            "按机构",
            records,
            lambda r: (r["institution_code"], names.get(r["institution_code"], "未登记机构")),
            measure,
            value,
            _deeper(ctx, slug, "bank"),
        ),
        _compose(
            "borrower_type",
            "按借款人类型",
            records,
            lambda r: (str(r["borrower_type"]), reasons.borrower_kind(r)),
            measure,
            value,
        ),
        _compose(
            "caliber",
            "按普惠小微口径",
            records,
            lambda r: (reasons.caliber(r), reasons.CALIBERS[reasons.caliber(r)]),
            measure,
            value,
        ),
    ]
    return rows, compositions


def _stats_version(ctx: _Context, code: str) -> tuple[str | None, int | None]:
    """The current statistics submission of ``code`` at the period and its version (None when
    pboc imported the values without a submission)."""
    history = submission_history(ctx.session, institution_code=code, period=ctx.period)
    for index, item in enumerate(history):
        if item.status == CURRENT:
            return str(item.id), len(history) - index
    return None, None


def _stat_detail(
    ctx: _Context, m: Metric, value: Decimal | None
) -> tuple[list[Row], list[Composition]]:
    wanted = ctx.institutions()
    rows: list[Row] = []
    for stat, code in current_stats(ctx.session, periods=[str(ctx.period)], metrics=[m.slug]):
        if wanted is not None and code not in wanted:
            continue
        submission_id, version = _stats_version(ctx, code)
        source = ctx.source(code, submission_id, version)
        how = "统计报送" if submission_id else "人民银行导入的统计数据（无报送版本）"
        rows.append(
            Row((source,), None, None, None, None, None, stat.value, f"{source.institution}{how}")
        )
    by_bank = _compose(
        "bank",
        "按机构",
        [{"code": r.institution_code, "name": r.institution, "value": r.balance} for r in rows],
        lambda r: (r["code"], r["name"]),
        lambda group: sum((r["value"] for r in group), Decimal(0)),
        value,
        _deeper(ctx, m.slug, "bank"),
    )
    return rows, [by_bank]


def _platform_detail(
    ctx: _Context, m: Metric, value: Decimal | None
) -> tuple[list[Row], list[Composition]]:
    wanted = ctx.institutions()
    one = ctx.subject.code if ctx.subject.level == "institution" else None
    rows = [
        Row(
            (ctx.source(r["institution"], str(r["submission_id"]), None),),
            r["loan_id"],
            mask_identifier(r["borrower_id"]) if r["borrower_id"] else None,
            None,
            None,
            None,
            r["balance"],
            r["reasons"],
        )
        for r in platform.explain_rows(
            ctx.session, period=ctx.period, metric=m.slug, institution=one
        )
        if wanted is None or r["institution"] in wanted
    ]
    by_bank = _compose(
        "bank",
        "按机构（笔数、项数）",
        [{"code": r.institution_code, "name": r.institution} for r in rows],
        lambda r: (r["code"], r["name"]),
        lambda group: Decimal(len(group)),
        None if m.composed else value,
        _deeper(ctx, m.slug, "bank"),
    )
    return rows, [by_bank]


def _detail(
    ctx: _Context, m: Metric, numbers: service.Numbers, slug: str
) -> tuple[Decimal | None, list[Row], list[Composition]]:
    """The value of ``m`` and what makes it; a ratio's rows are its numerator's."""
    value = numbers.snapshots(m.slug, ctx.subject).value.value
    if m.kind == "ratio":
        assert m.numerator is not None
        _, rows, compositions = _detail(ctx, REGISTRY[m.numerator], numbers, slug)
        return value, rows, compositions
    if value is None:
        return None, [], []
    if m.from_loans:
        rows, compositions = _loan_detail(ctx, m, value, slug)
    elif m.kind == "statistic":
        rows, compositions = _stat_detail(ctx, m, value)
    else:
        rows, compositions = _platform_detail(ctx, m, value)
    return value, rows, compositions


def explain(
    session: Session,
    *,
    principal: Principal,
    period: Period,
    metric: str,
    subject: str,
    plan: Plan | None = None,
    measure: str = VALUE,
) -> Explanation:
    """``metric`` for ``subject`` at ``period``: value, composition and the rows it counts;
    with a derived ``measure`` (同比增量 …) also that measure and the terms it is computed from."""
    authorize(principal, "monitor.explain")
    check_measure(measure)
    m = get_metric(metric)
    subjects = service.Subjects(session)
    who = resolve_subject(subjects, subject.strip())
    check_reach(session, principal, who)
    plan = plan or service.load_plan(session=session)
    scan = service.open_scan(session, plan)
    try:
        _require_period(scan, period)
        if measure == VALUE:
            window = service.trend_window(session, scan=scan, period=period, months=1)
            numbers = service.Numbers(window.table, period, window.platform)
        else:  # the measure's terms: the month ends an evaluation reads
            numbers = service.evaluation_numbers(session, scan=scan, period=period)
        params = rules.Classification(plan.inclusive_threshold, plan.mid_long_term_years)
        ctx = _Context(session, scan, subjects, period, who, params)
        value, rows, compositions = _detail(ctx, m, numbers, m.slug)
    finally:
        scan.close()
    snapshots = numbers.snapshots(m.slug, who)
    reading = snapshots.value
    terms: dict[str, Decimal | None] = {}
    if m.composed:
        assert m.numerator is not None and m.denominator is not None
        terms = {
            "numerator": numbers.snapshots(m.numerator, who).value.value,
            "denominator": numbers.snapshots(m.denominator, who).value.value,
        }
    return Explanation(
        period=period,
        metric=m,
        subject=who,
        value=value,
        reason=reading.reason,
        rows=tuple(rows),
        compositions=tuple(c for c in compositions if c.parts),
        measured=measured(snapshots, measure, m.slug, who.code),
        **terms,
    )
