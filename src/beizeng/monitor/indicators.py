"""The subjects of an evaluation and the numbers read for them (split from ``service``).

``Subjects`` lists who is judged (C-3.1.2: the city, counties, groups, institutions);
``Numbers`` turns the indicator table into the snapshots judging reads, composing ratios and
the platform shares and giving the reason where a metric does not apply or has no source;
``indicator_table`` reads the ledger, the statistics and the registered platform sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from beizeng.institution import service as institution_service
from beizeng.institution.rules import BANK_CATEGORIES
from beizeng.kit.periods import Period
from beizeng.monitor.compute import IndicatorTable, Scan, compute
from beizeng.monitor.errors import SubjectUnknown
from beizeng.monitor.evaluation import Subject
from beizeng.monitor.metrics import METRICS, REGISTRY, get_metric
from beizeng.monitor.platform import NOT_WIRED, with_platform
from beizeng.monitor.rules import Reading, Snapshots, ratio_snapshots
from beizeng.reference.regions import LULIANG, get_region, luliang_counties

GROUP_NAMES = {"national": "全国性银行", "local": "地方法人金融机构"}


class Subjects:
    """The subjects of one evaluation, from the registry and GB/T 2260 (C-3.1.2 levels)."""

    def __init__(self, session: Session) -> None:
        self.city = Subject("city", LULIANG, get_region(LULIANG).name)
        self.counties = [Subject("county", r.code, r.name) for r in luliang_counties()]
        self.groups = [Subject("group", code, name) for code, name in GROUP_NAMES.items()]
        registry = institution_service.list_institutions(session)
        self.institutions = [
            Subject("institution", i.code, i.name, i.category, i.superior) for i in registry
        ]
        self.scopes = {i.code: i.legal_scope for i in registry}
        self._by_code = {s.code: s for s in [self.city, *self.counties, *self.groups]}
        self._by_code.update({s.code: s for s in self.institutions})

    def resolve(self, code: str) -> Subject:
        found = self._by_code.get(code)
        if found is None:
            raise SubjectUnknown(
                f"主体「{code}」既不是吕梁市的县（市、区）代码，也不是已登记的机构代码。"
            )
        return found

    def expand(self, keyword: str) -> list[Subject]:
        """A target's ``subjects`` entry as subjects (C-3.1.2: city, county, institution)."""
        if keyword == "city":
            return [self.city]
        if keyword == "counties":
            return list(self.counties)
        if keyword in GROUP_NAMES:
            return [self.resolve(keyword)]
        if keyword == "banks":
            return [s for s in self.institutions if s.category in BANK_CATEGORIES]
        if keyword == "insurers":
            return [s for s in self.institutions if s.category == "insurer"]
        if keyword == "institutions":
            return list(self.institutions)
        return [self.resolve(keyword)]


def evaluation_periods(period: Period) -> list[Period]:
    """The month ends one evaluation reads: now, a year and two years earlier, and 年初."""
    return sorted({period, period.year_ago, period.shift(-24), period.year_start})


@dataclass(frozen=True)
class Numbers:
    """The computed table with the lookup that turns it into snapshots (ratios composed).

    ``platform`` holds the platform metrics a registered source answered; the others have no
    value, with the reason (``platform.NOT_WIRED``)."""

    table: IndicatorTable
    period: Period
    platform: frozenset[str] = frozenset()

    def snapshots(self, metric: str, subject: Subject) -> Snapshots:
        m = get_metric(metric)
        if m.kind == "platform" and metric not in self.platform:
            return self._none(NOT_WIRED.format(name=m.name))
        if m.composed:
            assert m.numerator is not None and m.denominator is not None
            return ratio_snapshots(
                self.snapshots(m.numerator, subject),
                self.snapshots(m.denominator, subject),
                what=REGISTRY[m.denominator].name,
            )
        if m.kind in ("statistic", "platform") and (
            subject.level not in ("city", "group", "institution")
            or (not m.additive and subject.level != "institution")
        ):
            source = "由机构报送" if m.kind == "statistic" else "按机构统计"
            return self._none(f"{m.name}{source}，不适用于{subject.name}")
        if m.kind == "platform":  # complete data: no row means none counted
            return Snapshots.of(
                self.period,
                lambda p: self.table.get(metric, subject.level, subject.code, p) or Decimal(0),
            )
        return Snapshots.of(
            self.period,
            lambda p: self.table.get(metric, subject.level, subject.code, p),
            what=m.name,
        )

    def _none(self, reason: str) -> Snapshots:
        reading = Reading(None, reason)
        return Snapshots(self.period, reading, reading, reading, reading)


def indicator_table(
    session: Session, scan: Scan, subjects: Subjects, periods: Sequence[Period]
) -> IndicatorTable:
    """Every metric but the composed ones, for every subject at ``periods``: the ledger's and
    the statistics' (two queries) and the registered platform sources' values."""
    table = compute(
        scan,
        periods=periods,
        metrics=[m for m in METRICS if m.kind in ("sum", "distinct", "statistic")],
        city=LULIANG,
        scopes=subjects.scopes,
    )
    return with_platform(table, session, periods=periods, city=LULIANG, scopes=subjects.scopes)
