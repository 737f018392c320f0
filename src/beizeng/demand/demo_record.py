"""The demo's 2022 service record: what the platform's obligations are judged on (issue 14 point 7).

The demo evaluates 2022-12, so the four lists (C-3.4.1) and a year of answered applications
(C-3.4.2) are dated in 2022, not relative to the run's clock as the live demands are. Every bank
of the registry publishes its four lists, most by 2022-06-30; two are late (one altogether, one
with its exemption list), and two banks answer one application each after its five working
days, so the bulletin and the notices have late banks to name and most banks are on time.
Banks without a demo account get a list clerk (``<code>_lists``, the demo password) who
publishes and answers, so everything still goes through the services. Nothing is dated after
the run's ``now``.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.account import service as accounts
from beizeng.config import Settings
from beizeng.demand import service as demands
from beizeng.demand.schemas import ApproveBody, DemandCreate, RejectBody
from beizeng.institution.rules import BANK_CATEGORIES
from beizeng.institution.service import list_institutions
from beizeng.product import service as products
from beizeng.product.rules import FOUR_LISTS
from beizeng.product.schemas import FourListWrite

FIRST_PUBLISHED = datetime(2022, 4, 11, 2, tzinfo=UTC)
"""The first bank publishes on Monday 2022-04-11 (10:00 in Lüliang); each next one two days on."""

LATE_LISTS: dict[str, tuple[datetime, tuple[str, ...]]] = {
    "CMBCLL": (datetime(2022, 7, 18, 2, tzinfo=UTC), tuple(FOUR_LISTS)),
    "LXRCU": (datetime(2022, 8, 9, 2, tzinfo=UTC), ("exemption",)),
}
"""Banks that published (some of) their lists after 2022-06-30, and when."""

LATE_REPLIES: dict[str, int] = {"ABCLL": 2, "JKRCU": 1}
"""Bank → which of its three 2022 applications (0-based) it answered after 15 days."""


@dataclass(frozen=True)
class Application:
    """One 2022 application: when the bank picked it up and answered, and how."""

    accepted: datetime
    replied: datetime
    approve: bool
    amount: int


def clerk_username(code: str) -> str:
    return f"{code.lower()}_lists"


def clerk_usernames(registry: Path, staffed: Collection[str]) -> list[str]:
    """The list clerks the demo makes: one per bank of ``registry`` (the packaged CSV) whose
    code is not in ``staffed``, so that the demo password is checked against their names too."""
    with registry.open(encoding="utf-8", newline="") as fh:
        return [
            clerk_username(row["code"])
            for row in csv.DictReader(fh)
            if row["category"] in BANK_CATEGORIES and row["code"] not in staffed
        ]


def _clerks(session: Session, staff: Mapping[str, Principal], password: str) -> list[Principal]:
    """Every bank's principal: its demo account's, or a list clerk made for it."""
    by_code = {p.institution_code: p for p in staff.values() if p.is_bank}
    out: list[Principal] = []
    for bank in list_institutions(session):
        if bank.category not in BANK_CATEGORIES:
            continue
        principal = by_code.get(bank.code)
        if principal is None:
            user = accounts.create_user(
                session,
                username=clerk_username(bank.code),
                password=password,
                role="bank",
                display_name=f"{bank.name}清单管理员",
                institution_code=bank.code,
            )
            principal = accounts.principal_of(session, user)
        out.append(principal)
    return out


def _publish(
    session: Session, bank: Principal, bodies: Mapping[str, str], on_time: datetime, now: datetime
) -> None:
    late_at, late_kinds = LATE_LISTS.get(bank.institution_code or "", (None, ()))
    for kind, body in bodies.items():
        when = late_at if late_at is not None and kind in late_kinds else on_time
        products.set_four_list(
            session,
            principal=bank,
            kind=kind,
            data=FourListWrite(body=body, reply_days=5 if kind == "acceptance_reply" else None),
            now=min(when, now - timedelta(days=60)),
        )


def applications(index: int, code: str) -> list[Application]:
    """Three applications a bank answered in 2022 (spread over the year by its place in the
    registry), each within two days unless ``LATE_REPLIES`` names it."""
    out = []
    for n, month in enumerate((2 + index % 4, 6 + index % 3, 9 + index % 3)):
        accepted = datetime(2022, month, 8 + index % 7, 2, tzinfo=UTC)
        late = LATE_REPLIES.get(code) == n
        replied = accepted + timedelta(days=15 if late else 1 + index % 2)
        out.append(
            Application(accepted, replied, (index + n) % 4 != 0, 200_000 * (1 + n + index % 5))
        )
    return out


_PURPOSES = ("补充流动资金", "购置生产设备", "采购原材料")


def seed_service_record(
    session: Session,
    *,
    staff: Mapping[str, Principal],
    firms: list[Principal],
    bodies: Mapping[str, str],
    password: str,
    now: datetime,
    settings: Settings,
) -> None:
    """Publish every bank's four lists and answer its 2022 applications (those before ``now``)."""
    for index, bank in enumerate(_clerks(session, staff, password)):
        _publish(session, bank, bodies, FIRST_PUBLISHED + timedelta(days=2 * index), now)
        for n, item in enumerate(applications(index, bank.institution_code or "")):
            if item.replied >= now:
                continue
            data = DemandCreate(
                amount=Decimal(item.amount),
                term_months=12,
                purpose=_PURPOSES[n],
                guarantee_offered="credit",
                county_code=bank.county_code,  # a county branch's user answers its county's
            )
            firm = firms[(index + n) % len(firms)]
            demand = demands.post_demand(
                session,
                settings=settings,
                principal=firm,
                data=data,
                now=item.accepted - timedelta(hours=1),
            )
            demands.accept_demand(
                session, settings=settings, principal=bank, demand_id=demand.id, now=item.accepted
            )
            if item.approve:
                body = ApproveBody(
                    amount=Decimal(item.amount), rate=Decimal("0.0435"), term_months=12
                )
                demands.approve_demand(
                    session, principal=bank, demand_id=demand.id, body=body, now=item.replied
                )
            else:
                demands.reject_demand(
                    session,
                    principal=bank,
                    demand_id=demand.id,
                    body=RejectBody(reason="insufficient_cashflow", note="近一年经营流水偏少"),
                    now=item.replied,
                )
