"""Every SQL statement of kept hook deliveries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng.models.delivery import FailedDelivery


class DeliveryRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: FailedDelivery) -> None:
        self.session.add(row)

    def pending(self, limit: int = 500) -> list[FailedDelivery]:
        stmt = (
            select(FailedDelivery)
            .where(FailedDelivery.delivered_at.is_(None))
            .order_by(FailedDelivery.id)
            .limit(limit)
        )
        return list(self.session.scalars(stmt))
