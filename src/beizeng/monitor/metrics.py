"""The metric registry: every indicator the plan is judged by, as a declarative object.

CONVENTIONS rule 9 (analytics is declarative): a metric is a slug, a Chinese name, a unit and an
Ibis expression over the ledger scan (``LedgerScan.loans()``) or a metric name of the institution
statistics (``LedgerScan.stats()``). ``beizeng.monitor.compute`` compiles all registered metrics
into one filtered aggregate per subject level; nothing here runs a query.

Definitions: DESIGN "Metrics" (C-2.1.1 … C-2.3.1, C-4.1.1, C-4.5.1, C-4.5.2). The platform's
obligations (C-3.4.1 the four lists, C-3.4.2 replies within five working days) are ``platform``
metrics: their values come from the features that hold the data, through the sources registered
in ``beizeng.monitor.platform`` (the monitor sits below them and imports none).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import ibis.expr.types as ir

from beizeng.monitor.errors import MetricUnknown

Unit = Literal["yuan", "count", "fraction", "bp", "item", "application"]
Kind = Literal["sum", "distinct", "statistic", "ratio", "platform"]
Filter = Callable[[ir.Table], ir.BooleanValue]

UNIT_NAMES: dict[str, str] = {
    "yuan": "元",
    "count": "户",
    "fraction": "",
    "bp": "个基点",
    "item": "项",
    "application": "笔",
}


@dataclass(frozen=True)
class Metric:
    """One indicator.

    - ``sum``: the balance of the loans that pass ``where`` (DECIMAL yuan).
    - ``distinct``: the number of distinct ``borrower_id`` among the loans that pass ``where``;
      computed at every subject level separately, because one borrower may borrow at two banks.
    - ``statistic``: the institution statistic named ``slug``; ``additive`` says whether the
      city and the groups are the sum of their institutions (deposits) or not (a KPI weight).
    - ``ratio``: ``numerator / denominator`` of two other metrics, measured on the same subject.
    - ``platform``: a value per institution and month end from a registered platform source
      (``beizeng.monitor.platform``); ``additive`` says whether the city and the groups are the
      sum of their institutions; with ``numerator``/``denominator`` it is their quotient (the
      on-time share of the city is answered in time / all due, not a mean of the banks' shares).
    """

    slug: str
    name: str
    unit: Unit
    kind: Kind
    where: Filter | None = None
    additive: bool = True
    numerator: str | None = None
    denominator: str | None = None
    clause: str = ""

    def aggregate(self, t: ir.Table) -> ir.Scalar:
        """The Ibis aggregate of this loan metric over ``t`` (a FILTER clause in SQL)."""
        if self.kind == "sum":
            condition = self.where(t) if self.where else None
            return t.balance.sum(where=condition)
        if self.kind == "distinct":
            assert self.where is not None
            return t.borrower_id.nunique(where=self.where(t))
        raise ValueError(f"metric {self.slug} is not computed from loans")

    @property
    def from_loans(self) -> bool:
        return self.kind in ("sum", "distinct")

    @property
    def composed(self) -> bool:
        """Whether the value is the quotient of two other metrics (ratios, platform shares)."""
        return self.numerator is not None


def _with_balance(flag: Filter) -> Filter:
    """Borrowers count only while they owe something (DESIGN: "with balance > 0")."""
    return lambda t: flag(t) & (t.balance > 0)


METRICS: tuple[Metric, ...] = (
    Metric("loans", "各项贷款", "yuan", "sum", clause="C-2.1.1"),
    Metric(
        "inclusive_smb", "普惠小微贷款", "yuan", "sum", lambda t: t.inclusive_smb, clause="C-2.2.1"
    ),
    Metric(
        "inclusive_smb_cbirc",
        "普惠型小微企业贷款（银保监口径）",
        "yuan",
        "sum",
        lambda t: t.inclusive_smb_cbirc,
        clause="C-4.5.1",
    ),
    Metric(
        "inclusive_smb_borrowers",
        "普惠小微贷款户数",
        "count",
        "distinct",
        _with_balance(lambda t: t.inclusive_smb),
        clause="C-2.2.4",
    ),
    Metric(
        "inclusive_smb_cbirc_borrowers",
        "普惠型小微企业贷款户数（银保监口径）",
        "count",
        "distinct",
        _with_balance(lambda t: t.inclusive_smb_cbirc),
        clause="C-4.5.1",
    ),
    Metric(
        "inclusive_smb_credit",
        "普惠小微信用贷款",
        "yuan",
        "sum",
        lambda t: t.inclusive_smb & (t.guarantee_type == "credit"),
        clause="C-2.2.4",
    ),
    Metric(
        "inclusive_smb_credit_share",
        "普惠小微信用贷款占比",
        "fraction",
        "ratio",
        numerator="inclusive_smb_credit",
        denominator="inclusive_smb",
        clause="C-2.2.4",
    ),
    Metric(
        "private_enterprise",
        "民营企业贷款",
        "yuan",
        "sum",
        lambda t: t.private_enterprise,
        clause="C-2.2.5",
    ),
    Metric(
        "manufacturing_mlt",
        "制造业中长期贷款",
        "yuan",
        "sum",
        lambda t: t.manufacturing_mlt,
        clause="C-2.2.5",
    ),
    Metric("green", "绿色贷款", "yuan", "sum", lambda t: t.green, clause="C-2.2.5"),
    Metric(
        "clean_energy", "清洁能源贷款", "yuan", "sum", lambda t: t.clean_energy, clause="C-2.2.5"
    ),
    Metric(
        "services",
        "餐饮、零售、文旅等服务业贷款",
        "yuan",
        "sum",
        lambda t: t.services,
        clause="C-2.2.6",
    ),
    Metric(
        "first_loan_borrowers",
        "首贷户数",
        "count",
        "distinct",
        # A first loan granted in the year of the snapshot, up to its month end (DESIGN).
        lambda t: (
            t.first_loan
            & (t.start_date.year() == t.period_end.year())
            & (t.start_date <= t.period_end)
        ),
        clause="C-3.3.1",
    ),
    Metric("deposits", "各项存款", "yuan", "statistic", clause="C-2.1.2"),
    Metric(
        "loan_deposit_ratio",
        "存贷比",
        "fraction",
        "ratio",
        numerator="loans",
        denominator="deposits",
        clause="C-2.1.2",
    ),
    Metric("relending_balance", "再贷款余额", "yuan", "statistic", clause="C-3.2.2"),
    Metric("rediscount_balance", "再贴现余额", "yuan", "statistic", clause="C-3.2.3"),
    Metric("premium_income", "保费收入", "yuan", "statistic", clause="C-2.3.1"),
    Metric("insured_amount", "保险金额", "yuan", "statistic", clause="C-2.3.1"),
    Metric(
        "inclusive_kpi_weight",
        "普惠指标考核权重",
        "fraction",
        "statistic",
        additive=False,
        clause="C-4.1.1",
    ),
    Metric(
        "ftp_discount_bp",
        "普惠小微内部转移定价优惠",
        "bp",
        "statistic",
        additive=False,
        clause="C-4.5.2",
    ),
    Metric(
        "four_lists_on_time",
        "四项清单按期公布数",
        "item",
        "platform",
        additive=False,
        clause="C-3.4.1",
    ),
    Metric(
        "demand_reply_due",
        "到期应答复的融资申请",
        "application",
        "platform",
        clause="C-3.4.2",
    ),
    Metric(
        "demand_reply_on_time",
        "五个工作日内答复的融资申请",
        "application",
        "platform",
        clause="C-3.4.2",
    ),
    Metric(
        "demand_reply_on_time_share",
        "无贷小微企业融资申请五个工作日内答复率",
        "fraction",
        "platform",
        numerator="demand_reply_on_time",
        denominator="demand_reply_due",
        clause="C-3.4.2",
    ),
    Metric(
        "demand_reply_overdue",
        "超时未答复的融资申请",
        "application",
        "platform",
        clause="C-3.4.2",
    ),
)

REGISTRY: dict[str, Metric] = {m.slug: m for m in METRICS}


def get_metric(slug: str) -> Metric:
    """The registered metric ``slug``; the error lists the known ones."""
    try:
        return REGISTRY[slug]
    except KeyError:
        raise MetricUnknown(f"指标「{slug}」不存在。可用指标：{'、'.join(REGISTRY)}。") from None


def loan_metrics() -> list[Metric]:
    return [m for m in METRICS if m.from_loans]


def statistic_metrics() -> list[Metric]:
    return [m for m in METRICS if m.kind == "statistic"]


def platform_metrics() -> list[Metric]:
    """The metrics a platform source answers (the composed share is computed from two of them)."""
    return [m for m in METRICS if m.kind == "platform" and not m.composed]
