"""Platform data for the monitor's platform metrics: the four lists and demands answered on
dates a test chooses (C-3.4.1, C-3.4.2), through the services as a bank would."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.config import get_settings
from beizeng.deadline import obligations as replies
from beizeng.demand import service as demands
from beizeng.demand.schemas import ApproveBody, DemandCreate
from beizeng.models.demand import Demand
from beizeng.monitor import platform
from beizeng.product import obligations as lists
from beizeng.product import service as products
from beizeng.product.rules import FOUR_LISTS
from beizeng.product.schemas import FourListWrite
from tests.account.factories import create_enterprise_user, create_user
from tests.monitor.ledgers import import_example


def at(year: int, month: int, day: int) -> datetime:
    """10:00 in Lüliang on that day."""
    return datetime(year, month, day, 2, 0, tzinfo=UTC)


def example_parties(session: Session, folder: Path) -> tuple[Principal, Principal, Principal]:
    """The example ledgers imported (``ledgers.import_example``, the banks registered), then a
    clerk of ``BANKA``, one of ``BANKB`` and a firm to apply to them."""
    import_example(session, folder)
    bank_a = create_user(session, "bank", institution_code="BANKA")
    bank_b = create_user(session, "bank", institution_code="BANKB")
    return bank_a, bank_b, create_enterprise_user(session)


def publish_lists(
    session: Session, bank: Principal, at: datetime, kinds: Sequence[str] = tuple(FOUR_LISTS)
) -> None:
    """``bank`` publishes ``kinds`` of its four lists at ``at``."""
    for kind in kinds:
        products.set_four_list(
            session,
            principal=bank,
            kind=kind,
            data=FourListWrite(
                body=f"{FOUR_LISTS[kind]}（测试）",
                reply_days=5 if kind == "acceptance_reply" else None,
            ),
            now=at,
        )


def application(
    session: Session,
    firm: Principal,
    bank: Principal,
    *,
    accepted: datetime,
    replied: datetime | None = None,
    amount: int = 500_000,
) -> Demand:
    """A firm's open demand that ``bank`` picks up at ``accepted`` (the clock starts) and
    approves at ``replied`` (None: left unanswered)."""
    data = DemandCreate(
        amount=Decimal(amount), term_months=12, purpose="购买原材料", guarantee_offered="credit"
    )
    settings = get_settings()
    demand = demands.post_demand(
        session, settings=settings, principal=firm, data=data, now=accepted
    )
    demands.accept_demand(
        session, settings=settings, principal=bank, demand_id=demand.id, now=accepted
    )
    if replied is not None:
        body = ApproveBody(amount=Decimal(amount), rate=Decimal("0.045"), term_months=12)
        demands.approve_demand(session, principal=bank, demand_id=demand.id, body=body, now=replied)
    return demand


@contextmanager
def unwired() -> Iterator[None]:
    """Evaluate as a unit test that never wired the assembly: no platform source registered."""
    sources = (lists.SOURCE, replies.SOURCE)
    for source in sources:
        platform.unregister_source(source)
    try:
        yield
    finally:
        for source in sources:
            platform.register_source(source)
