"""A home of the previous release upgrades to head with its data intact (issues 10.3 and 11.1).

The previous release's migrations are the ones at commit 38adaa4 (where the operations and
consolidation issues start), kept byte for byte as ``data/migrations-38adaa4.tar.gz`` (made with
``git archive 38adaa4 src/beizeng/migrations``). They built a home whose ``alembic_version``
holds five heads (0002–0006 each branched from 0001) and whose outreach contacts and event
invitations had no foreign keys. Rows are written through reflected tables, since the current
ORM models describe the new schema.
"""

from __future__ import annotations

import tarfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from beizeng import db
from tests.conftest import PG_URL, pg_create, pg_drop

ARCHIVE = Path(__file__).parent / "data" / "migrations-38adaa4.tar.gz"
AT = datetime(2022, 6, 6, 2, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a database with no tables at all."""
    if request.param == "sqlite":
        engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        yield engine
        engine.dispose()
        return
    if not PG_URL:
        pytest.skip("未设置 BEIZENG_TEST_DATABASE_URL，跳过 PostgreSQL（CI 上必须设置）")
    url = pg_create("beizeng_up")
    engine = db.make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
        pg_drop(url)


def _previous_release(engine: Engine, tmp_path: Path) -> None:
    """Migrate ``engine`` with the previous release's own scripts, as its ``db upgrade`` did."""
    with tarfile.open(ARCHIVE) as archive:
        archive.extractall(tmp_path / "release", filter="data")
    config = Config()
    config.set_main_option(
        "script_location", str(tmp_path / "release" / "src" / "beizeng" / "migrations")
    )
    config.attributes["engine"] = engine
    command.upgrade(config, "heads")


def _head(engine: Engine) -> str:
    head = ScriptDirectory.from_config(db.alembic_config(engine)).get_current_head()
    assert head is not None
    return head


def _value(column: sa.Column[Any]) -> Any:
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer):
        return 1
    if isinstance(kind, sa.Numeric):
        return Decimal("1.00")
    if isinstance(kind, sa.DateTime):
        return AT
    if isinstance(kind, sa.Date):
        return date(2022, 6, 6)
    if isinstance(kind, sa.JSON):
        return []
    length = getattr(kind, "length", None) or 20
    return "x" * min(length, 6)


class Rows:
    """Insert rows into reflected tables, filling required columns the test does not care about."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.meta = sa.MetaData()
        self.meta.reflect(conn)

    def add(self, table_name: str, **given: Any) -> int:
        table = self.meta.tables[table_name]
        values = dict(given)
        for column in table.columns:
            if column.name in values or column.primary_key or column.nullable:
                continue
            if column.server_default is None:
                values[column.name] = _value(column)
        result = self.conn.execute(sa.insert(table).values(**values))
        key = result.inserted_primary_key
        return int(key[0]) if key and key[0] is not None else 0


def test_a_home_of_the_previous_release_upgrades_to_the_one_head_with_its_data(
    empty_engine: Engine, tmp_path: Path
) -> None:
    _previous_release(empty_engine, tmp_path)
    with empty_engine.connect() as conn:
        recorded = sorted(
            r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))
        )
    assert recorded == ["0002", "0003", "0004", "0005", "0006"]  # the five heads of old

    with empty_engine.begin() as conn:
        rows = Rows(conn)
        bank = rows.add("institution", code="B001", name="吕梁测试银行", category="rural_bank")
        enterprise = rows.add("enterprise", uscc="91141102MA0TEST001", name="吕梁测试企业")
        demand = rows.add(
            "demand",
            enterprise_id=enterprise,
            institution_id=bank,
            county_code="141102",
            status="accepted",
            deadline=date(2022, 6, 13),
        )
        lst = rows.add("outreach_list", title="7月名单", idle_workdays=5)
        entity = rows.add("outreach_entity", list_id=lst, identifier="91141102MA0TEST001")
        run = rows.add("outreach_run", list_id=lst, kind="assign")
        assignment = rows.add(
            "outreach_assignment",
            entity_id=entity,
            active_entity_id=entity,
            institution_id=bank,
            run_id=run,
            status="active",
        )
        linked = rows.add(
            "outreach_contact",
            assignment_id=assignment,
            entity_id=entity,
            institution_id=bank,
            demand_id=demand,
        )
        dangling = rows.add(
            "outreach_contact",
            assignment_id=assignment,
            entity_id=entity,
            institution_id=bank,
            demand_id=demand + 999,  # possible before: no foreign key
        )
        event = rows.add("match_event", title="政银企对接会")
        rows.add("event_invitation", event_id=event, enterprise_id=enterprise)
        rows.add("event_invitation", event_id=event, enterprise_id=enterprise + 999)

    db.upgrade(empty_engine)

    assert db.is_current(empty_engine)
    inspector = sa.inspect(empty_engine)
    fks = {
        (t, tuple(fk["constrained_columns"]), fk["referred_table"], fk["options"].get("ondelete"))
        for t in ("outreach_contact", "event_invitation")
        for fk in inspector.get_foreign_keys(t)
    }
    assert ("outreach_contact", ("demand_id",), "demand", "SET NULL") in fks
    assert ("event_invitation", ("enterprise_id",), "enterprise", "CASCADE") in fks
    with empty_engine.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))] == [
            _head(empty_engine)
        ]
        contacts = dict(conn.execute(text("SELECT id, demand_id FROM outreach_contact")).all())
        assert contacts == {linked: demand, dangling: None}
        invitations = conn.execute(text("SELECT enterprise_id FROM event_invitation")).all()
        assert [r[0] for r in invitations] == [enterprise]
        kept = conn.execute(
            text("SELECT status, deadline, deadline_provisional FROM demand WHERE id = :d"),
            {"d": demand},
        ).one()
        assert (kept[0], str(kept[1]), bool(kept[2])) == ("accepted", "2022-06-13", False)
        assert conn.execute(text("SELECT code FROM institution")).scalar_one() == "B001"
        assert conn.execute(text("SELECT count(*) FROM holiday_year")).scalar_one() == 0


def test_upgrading_twice_changes_nothing(empty_engine: Engine, tmp_path: Path) -> None:
    _previous_release(empty_engine, tmp_path)
    db.upgrade(empty_engine)
    db.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == _head(empty_engine)
