"""The schema comes from migrations, matches the models, and the audit log records every write."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from beizeng import db
from beizeng.models import Base
from beizeng.models.audit import AuditEntry
from beizeng.models.institution import Institution


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrated_database_is_current(engine: Engine) -> None:
    assert db.is_current(engine)


def _bank(**overrides: str) -> Institution:
    values = {
        "code": "B001",
        "name": "测试银行吕梁分行",
        "category": "large_state_bank",
        "legal_scope": "national",
        "county_code": "141102",
        "superior": "测试银行山西省分行",
    }
    values.update(overrides)
    return Institution(**values)


def test_audit_log_records_create_update_and_delete(session: Session) -> None:
    bank = _bank()
    session.add(bank)
    session.flush()
    bank.name = "测试银行吕梁市分行"
    session.flush()
    session.delete(bank)
    session.flush()
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "Institution").order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert entries[0].after is not None and entries[0].after["code"] == "B001"
    assert entries[0].object_id == str(bank.id)
    assert (entries[1].before or {})["name"] == "测试银行吕梁分行"
    assert (entries[1].after or {})["name"] == "测试银行吕梁市分行"
    assert all(e.actor == "test" for e in entries)


def test_audit_log_refuses_updates_and_deletes(session: Session) -> None:
    session.add(_bank(code="B002"))
    session.flush()
    with pytest.raises(DBAPIError), session.begin_nested():
        session.execute(text("UPDATE audit_log SET actor = 'forged'"))
    with pytest.raises(DBAPIError), session.begin_nested():
        session.execute(text("DELETE FROM audit_log"))


def test_rolled_back_write_leaves_no_audit_row(session: Session) -> None:
    before = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    nested = session.begin_nested()
    session.add(_bank(code="B003"))
    session.flush()
    nested.rollback()
    after = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    assert before == after
