"""Pure rules of products and the four lists.

C-3.4.1: banks publish the four lists — authorization (审批权限), credit-granting conditions
(客户准入条件), acceptance and reply (申请资料、办理流程、回复时限) and due-diligence exemption
(尽职免责). C-3.4.6: sensible terms and mid/long-term loans, so a product states its amount, term
and rate ranges. Everything a bank promises is versioned: what was promised on a date is the
newest version valid on that date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

PRODUCT_KINDS: dict[str, str] = {
    "credit_loan": "信用贷款",
    "secured_loan": "抵质押/保证贷款",
    "supply_chain": "供应链融资",
    "bill": "票据融资",
    "guarantee": "融资担保",
    "insurance": "信用保证保险",
}

GUARANTEES: dict[str, str] = {
    "credit": "信用",
    "guarantee": "保证",
    "mortgage": "抵押",
    "pledge": "质押",
}
"""Guarantee types (DESIGN ledger contract); ``credit`` means none is required."""

FOUR_LISTS: dict[str, str] = {
    "authorization": "审批权限清单",
    "credit_granting": "客户准入条件清单",
    "acceptance_reply": "受理回复清单",
    "exemption": "尽职免责清单",
}

RESTRICTED_LISTS = frozenset({"exemption"})
"""Lists visible only to pboc and the institution's own staff (issue 5, point 3)."""

STATUSES: dict[str, str] = {"published": "已发布", "withdrawn": "已下架"}

MAX_RATE = Decimal("0.36")
"""Rates above 36% a year are not protected by courts (法释〔2020〕17号); no product may offer them."""


@dataclass(frozen=True)
class TermsCheck:
    """Inputs of the terms rule, all already parsed."""

    min_amount: Decimal
    max_amount: Decimal
    min_term_months: int
    max_term_months: int
    rate_min: Decimal
    rate_max: Decimal
    reply_days: int


def terms_problems(t: TermsCheck) -> list[str]:
    """The rules a product's ranges break (empty when consistent)."""
    problems: list[str] = []
    if t.min_amount <= 0 or t.max_amount < t.min_amount:
        problems.append("金额范围应为正数且下限不大于上限")
    if t.min_term_months < 1 or t.max_term_months < t.min_term_months or t.max_term_months > 360:
        problems.append("期限范围应为 1–360 个月且下限不大于上限")
    if t.rate_min <= 0 or t.rate_max < t.rate_min or t.rate_max > MAX_RATE:
        problems.append("利率范围应在 0–36% 之间且下限不大于上限（以小数表示，如 0.0435）")
    if not 1 <= t.reply_days <= 30:
        problems.append("承诺回复时间应为 1–30 个工作日")
    return problems


def unknown_codes(values: Sequence[str], allowed: dict[str, str] | frozenset[str]) -> list[str]:
    return [v for v in values if v not in allowed]


def list_visible(kind: str, *, role: str | None, own: bool) -> bool:
    """Whether a viewer may see a list: the exemption list only by pboc and the owner's staff."""
    return kind not in RESTRICTED_LISTS or role == "pboc" or own


def labels(values: Sequence[str], names: dict[str, str], *, empty: str = "不限") -> str:
    """Chinese names joined with 、, or ``empty`` for an empty (unrestricted) list."""
    return "、".join(names.get(v, v) for v in values) if values else empty


FOUR_LISTS_DEADLINE = date(2022, 6, 30)
"""C-3.4.1: every bank publishes its four lists by the end of June 2022."""


def list_on_time(
    first_published: date, *, as_of: date, deadline: date = FOUR_LISTS_DEADLINE
) -> bool:
    """Whether a list counts as published on time at ``as_of`` (a period end): first published on
    or before the deadline, and known by ``as_of`` (before July 2022 the lists published so far
    count; a list first published after the deadline never does, C-3.4.1)."""
    return first_published <= min(as_of, deadline)


def lists_on_time(
    first_published: Mapping[str, date], *, as_of: date, deadline: date = FOUR_LISTS_DEADLINE
) -> int:
    """How many of the four lists (kind → first publication day) count at ``as_of`` (0–4)."""
    return sum(
        1
        for kind, day in first_published.items()
        if kind in FOUR_LISTS and list_on_time(day, as_of=as_of, deadline=deadline)
    )


def list_reason(kind: str, first_published: date, *, deadline: date = FOUR_LISTS_DEADLINE) -> str:
    """Why a list counts, as the explain rows say it: 「受理回复清单 2022-05-20 首次发布，期限
    2022-06-30：按期」."""
    return f"{FOUR_LISTS[kind]} {first_published} 首次发布，期限 {deadline}：按期"
