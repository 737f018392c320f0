"""Every SQL statement of the dashboards: stamps that say when data changed, the cache table,
and the reply facts of demands."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from beizeng.kit.clock import as_utc
from beizeng.models.dashboard import DashboardCache
from beizeng.models.demand import Demand, DemandEvent
from beizeng.models.institution import Institution
from beizeng.models.ledger import CURRENT, LedgerSubmission
from beizeng.models.outreach import OutreachAssignment, OutreachContact, OutreachEntity
from beizeng.models.product import FourList


class DashboardRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def latest_submission(self) -> str:
        """Changes with every accepted submission: when the newest was recorded, and how many
        are current. (Submission ids carry the import's own time, which a back-dated import
        shares with earlier ones, so their order says nothing about which came last.)"""
        newest, current = self.session.execute(
            select(func.max(LedgerSubmission.created_at), func.count()).where(
                LedgerSubmission.status == CURRENT
            )
        ).one()
        return f"{as_utc(newest).isoformat()}|{current}" if newest is not None else "none"

    def platform_version(self) -> str:
        """Changes whenever a demand step, an assignment, a contact, a closed entity or a version
        of a bank's four lists (C-3.4.1) is added."""
        parts = [
            self.session.scalar(select(func.max(DemandEvent.id))),
            self.session.scalar(select(func.max(OutreachAssignment.id))),
            self.session.scalar(
                select(func.count())
                .select_from(OutreachAssignment)
                .where(OutreachAssignment.status != "active")
            ),
            self.session.scalar(select(func.max(OutreachContact.id))),
            self.session.scalar(
                select(func.count()).select_from(OutreachEntity).where(OutreachEntity.closed)
            ),
            self.session.scalar(select(func.max(FourList.id))),
        ]
        return "-".join(str(p or 0) for p in parts)

    def cached(self, key: str) -> DashboardCache | None:
        return self.session.get(DashboardCache, key)

    def store(self, key: str, stamp: str, payload: str, now: datetime) -> None:
        """Write a block in one statement: an upsert (``INSERT … ON CONFLICT (key) DO UPDATE``).

        A GET writes this row, so two first loads at once both insert it; a read-then-insert
        made the second fail with an IntegrityError, a 500 (consolidation issue, point 7). Both
        SQLite and PostgreSQL take the same clause; the later write wins, and either is right
        because both computed the block from the same data.
        """
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        values = {"key": key, "stamp": stamp, "payload": payload, "computed_at": now}
        statement = insert(DashboardCache).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=[DashboardCache.key],
            set_={
                "stamp": statement.excluded.stamp,
                "payload": statement.excluded.payload,
                "computed_at": statement.excluded.computed_at,
            },
        )
        self.session.execute(statement)
        loaded = self.session.identity_map.get(identity_key(DashboardCache, key))
        if loaded is not None:  # ``cached`` read the old row into the session: forget it
            self.session.expire(loaded)

    def replies(
        self, county: str | None = None
    ) -> list[tuple[str, str, datetime | None, datetime | None, datetime | None]]:
        """Replied demands (of one county when given): (bank code, bank name, assigned,
        accepted, replied)."""
        stmt = (
            select(
                Institution.code,
                Institution.name,
                Demand.assigned_at,
                Demand.accepted_at,
                Demand.replied_at,
            )
            .join(Institution, Institution.id == Demand.institution_id)
            .where(Demand.replied_at.is_not(None))
        )
        if county is not None:
            stmt = stmt.where(Demand.county_code == county)
        return [tuple(r) for r in self.session.execute(stmt)]  # type: ignore[misc]
