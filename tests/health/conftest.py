"""A platform on a fresh database with a frozen clock, and ways to make it not ready."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from uuid import uuid4

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from beizeng import db
from beizeng.config import Settings
from beizeng.kit.clock import FrozenClock
from beizeng.ledger.storage import relative_path
from beizeng.models.institution import Institution
from beizeng.models.ledger import LedgerSubmission
from beizeng.web.app import create_app

READY_DAY = datetime(2022, 6, 6, 2, 0, tzinfo=UTC)
"""Monday 2022-06-06 in Lüliang: the package's calendar covers it and the next 30 days."""


@dataclass
class Probe:
    engine: Engine
    settings: Settings
    clock: FrozenClock
    app_factory: Callable[[], TestClient]
    clients: list[TestClient] = field(default_factory=list)

    @property
    def home(self) -> Path:
        return self.settings.resolved_home

    def client(self) -> TestClient:
        client = self.app_factory()
        self.clients.append(client)
        return client

    def readyz(self) -> tuple[int, dict[str, object], dict[str, dict[str, object]]]:
        """Status code, body, and the checks by name."""
        response = self.client().get("/readyz")
        body = response.json()
        return response.status_code, body, {c["name"]: c for c in body["checks"]}


@pytest.fixture
def probe(tmp_path: Path, fresh_db_url: str) -> Iterator[Probe]:
    engine = db.make_engine(fresh_db_url)
    home = tmp_path / "home"
    home.mkdir()
    settings = Settings(home=home, database_url=fresh_db_url)
    clock = FrozenClock(READY_DAY)
    app = create_app(settings, clock=clock, engine=engine)
    found = Probe(engine, settings, clock, lambda: TestClient(app))
    yield found
    for client in found.clients:
        client.close()
    engine.dispose()


def add_submission(
    engine: Engine, home: Path, *, code: str = "ICBCLL", period: str = "2022-05"
) -> Path:
    """A current ledger submission of one institution and its Parquet file; returns the file."""
    with Session(engine) as session:
        session.info["actor"] = "test"
        institution = Institution(
            code=code,
            name=f"{code} 吕梁分行",
            category="large_state_bank",
            legal_scope="national",
            county_code="141102",
            superior="山西省分行",
        )
        session.add(institution)
        session.flush()
        submission_id = f"20220605T000000-{uuid4().hex[:12]}"
        path = relative_path(code, period, submission_id)
        session.add(
            LedgerSubmission(
                id=submission_id,
                institution_id=institution.id,
                period=period,
                rows=1,
                total_balance=Decimal("100.00"),
                total_credit_line=Decimal("100.00"),
                sha256="0" * 64,
                size_bytes=1,
                path=path,
                source_name="ledger.csv",
                source_sha256="0" * 64,
                actor="test",
            )
        )
        session.commit()
    target = home / path
    target.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"loan_id": ["L1"]}), target)
    return target


def set_schema_behind(engine: Engine) -> None:
    """Record the newest migration's parent instead of the head, as an old release would."""
    script = ScriptDirectory.from_config(db.alembic_config(engine))
    head_id = script.get_current_head()
    assert head_id is not None
    head = script.get_revision(head_id)
    assert head is not None and isinstance(head.down_revision, str)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE alembic_version SET version_num = :down WHERE version_num = :head"),
            {"down": head.down_revision, "head": head.revision},
        )
