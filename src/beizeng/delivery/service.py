"""Keep what an isolated hook's listener could not take, and deliver it again.

``record_failure`` is the failure sink of ``kit.hooks`` (set at the assembly points);
``retry_pending`` runs from ``beizeng hooks retry`` (a systemd timer, docs/deployment.md). A
listener that fails again keeps its row with one more attempt and the new error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from beizeng.delivery.repository import DeliveryRepository
from beizeng.kit.hooks import get_hook
from beizeng.models.delivery import FailedDelivery


def record_failure(
    session: Session, *, hook: str, subscriber: str, payload: dict[str, Any], error: str
) -> None:
    """Keep one failed delivery in the publisher's transaction (so it stands with the import)."""
    DeliveryRepository(session).add(
        FailedDelivery(hook=hook, subscriber=subscriber, payload=payload, error=error)
    )
    session.flush()


@dataclass(frozen=True)
class RetryReport:
    delivered: int
    failed: int
    unknown: list[str]
    """Kept deliveries whose hook or listener no longer exists (kept, for a person to judge)."""


def pending(session: Session) -> list[FailedDelivery]:
    return DeliveryRepository(session).pending()


def retry_pending(session: Session, *, now: datetime) -> RetryReport:
    """Deliver every kept event again, each in its own savepoint."""
    delivered = failed = 0
    unknown: list[str] = []
    for row in DeliveryRepository(session).pending():
        hook = get_hook(row.hook)
        subscriber = hook.subscriber(row.subscriber) if hook is not None else None
        if hook is None or subscriber is None:
            unknown.append(f"{row.hook} → {row.subscriber}")
            continue
        error = hook.deliver(session, subscriber, hook.rebuild(row.payload))
        row.attempts += 1
        row.last_tried_at = now
        if error is None:
            row.delivered_at = now
            delivered += 1
        else:
            row.error = error
            failed += 1
    session.flush()
    return RetryReport(delivered, failed, unknown)
