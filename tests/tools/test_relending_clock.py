"""A relending decision is stamped with the time the boundary passes, not the machine's
(consolidation issue, point 3)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import cast

from sqlalchemy.orm import Session

from beizeng.kit.clock import as_utc
from beizeng.models.tools import RelendingBatch
from beizeng.tools.relending.service import BatchView, approve_batch, reject_batch
from tests.tools.factories import CHECKER
from tests.tools.test_relending import _apply, _ledger, _lines

DECIDED = datetime(2022, 7, 8, 1, 30, tzinfo=UTC)


def _decided_at(session: Session, batch_id: int) -> datetime:
    batch = session.get(RelendingBatch, batch_id)
    assert batch is not None and batch.decided_at is not None
    return as_utc(batch.decided_at)


def test_approval_and_rejection_record_the_time_they_are_given(
    registry: Session, ledger_home: Path
) -> None:
    _ledger(registry, ledger_home)
    approved = cast(BatchView, _apply(registry, _lines(("R1", "800000"))))
    rejected = cast(BatchView, _apply(registry, _lines(("R2", "1200000.50"))))
    registry.info["actor"] = "checker"
    approve_batch(
        registry, principal=CHECKER, batch_id=approved.id, draw_date=date(2022, 7, 8), now=DECIDED
    )
    reject_batch(registry, principal=CHECKER, batch_id=rejected.id, reason="材料不全", now=DECIDED)
    assert _decided_at(registry, approved.id) == DECIDED
    assert _decided_at(registry, rejected.id) == DECIDED
