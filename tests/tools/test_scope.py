"""The tools' row scope (``tools.scope``): pboc and gov read every bank, a bank its own, any
other principal nothing (issue 12 point 3: scoping leaves tools/pages.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import sqlite

from beizeng.access.principal import Principal
from beizeng.models.tools import RelendingBatch
from beizeng.tools.scope import readable_institution


def _where(principal: Principal) -> str:
    stmt = select(RelendingBatch.id).where(
        readable_institution(RelendingBatch.institution_code, principal)
    )
    sql = str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    return sql.split("WHERE", 1)[1].strip()


def _who(role: str, **kw: object) -> Principal:
    return Principal(1, "u", "u", role, **kw)  # type: ignore[arg-type]


def test_supervisors_read_every_bank() -> None:
    assert _where(_who("pboc")) == "1 = 1"
    assert _where(_who("gov", department="金融办")) == "1 = 1"


def test_a_bank_reads_its_own_institution_only() -> None:
    assert _where(_who("bank", institution_code="LLRCB")) == (
        "relending_batch.institution_code = 'LLRCB'"
    )


def test_anyone_else_reads_nothing() -> None:
    for principal in (_who("bank"), _who("insurer", institution_code="X"), _who("enterprise")):
        assert _where(principal) == "0 = 1"
