"""Writes every change of an ``Audited`` model to the audit log, in the same transaction.

Hooked on SQLAlchemy's ``after_flush``, so no service can forget it: a write that reaches the
database has its audit row, and a rolled-back write leaves neither.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction

from beizeng.models.audit import AuditEntry
from beizeng.models.base import Audited, utcnow


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value."""
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _columns(obj: Audited) -> list[str]:
    mapper = inspect(obj).mapper
    excluded = set(type(obj).__audit_exclude__)
    return [c.key for c in mapper.column_attrs if c.key not in excluded]


def _snapshot(obj: Audited) -> dict[str, Any]:
    return {key: _plain(getattr(obj, key)) for key in _columns(obj)}


def _identity(obj: Audited) -> str:
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join(str(part) for part in key)


def _changes(obj: Audited) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key in _columns(obj):
        hist = state.attrs[key].history
        if hist.has_changes():
            before[key] = _plain(hist.deleted[0]) if hist.deleted else None
            after[key] = _plain(hist.added[0]) if hist.added else None
    return before, after


def _after_flush(session: Session, _ctx: UOWTransaction) -> None:
    """Insert one audit row per changed ``Audited`` object, through the flush's connection.

    In ``after_flush`` new rows have their identity while ``new``/``dirty``/``deleted`` and the
    attribute histories still describe the flush, so the entry is complete in one write.
    """
    actor = str(session.info.get("actor", "system"))
    now = utcnow()
    rows: list[dict[str, Any]] = []

    def add(action: str, obj: Audited, before: Any, after: Any) -> None:
        rows.append(
            {
                "at": now,
                "actor": actor,
                "action": action,
                "object_type": type(obj).__name__,
                "object_id": _identity(obj),
                "before": before,
                "after": after,
            }
        )

    for obj in session.new:
        if isinstance(obj, Audited):
            add("create", obj, None, _snapshot(obj))
    for obj in session.dirty:
        if isinstance(obj, Audited) and session.is_modified(obj, include_collections=False):
            before, after = _changes(obj)
            if before or after:
                add("update", obj, before, after)
    for obj in session.deleted:
        if isinstance(obj, Audited):
            add("delete", obj, _snapshot(obj), None)
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


def install() -> None:
    """Register the hook once for every Session."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
