"""The SQL of the readiness checks: a ping and a sample of the current ledger submissions."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from beizeng.models.ledger import CURRENT, LedgerSubmission


class HealthRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def ping(self) -> None:
        """A round trip to the database; raises when it does not answer."""
        self.session.execute(text("SELECT 1")).scalar_one()

    def count_current_submissions(self) -> int:
        stmt = select(func.count()).select_from(LedgerSubmission)
        return int(self.session.scalar(stmt.where(LedgerSubmission.status == CURRENT)) or 0)

    def sample_current_paths(self, limit: int) -> list[str]:
        """Home-relative paths of up to ``limit`` current submissions, drawn at random.

        Random rather than newest-first so that repeated probes end up covering every file.
        """
        stmt = (
            select(LedgerSubmission.path)
            .where(LedgerSubmission.status == CURRENT)
            .order_by(func.random())
            .limit(limit)
        )
        return list(self.session.scalars(stmt))
