"""The dashboard cache is safe (consolidation issue, point 7): two first loads at once both
succeed on SQLite and PostgreSQL, and the per-process memo keeps a bounded number of blocks."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from beizeng import db
from beizeng.dashboard import service
from beizeng.dashboard.repository import DashboardRepository
from beizeng.models.dashboard import DashboardCache

NOW = datetime(2022, 7, 4, 2, 0, tzinfo=UTC)


@pytest.fixture
def committed(fresh_db_url: str) -> Iterator[Engine]:
    """A database of the test's own: the two loads commit, as two requests would."""
    engine = db.make_engine(fresh_db_url)
    yield engine
    engine.dispose()


def test_two_first_loads_at_once_both_store_the_block(committed: Engine) -> None:
    """Both requests find no row, both build, both write: the second write must not fail."""
    both_built = threading.Barrier(2, timeout=30)
    results: list[Any] = []
    failures: list[BaseException] = []

    def build() -> dict[str, int]:
        both_built.wait()  # neither writes before both have seen the table without the row
        return {"loans": 7}

    def first_load() -> None:
        try:
            with Session(committed) as session:
                results.append(service._cached(session, "race", "stamp-1", NOW, build))
                session.commit()
        except BaseException as exc:  # reported below, with the backend's own error
            failures.append(exc)

    service._MEMO.clear()
    threads = [threading.Thread(target=first_load) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert failures == []
    assert results == [{"loans": 7}, {"loans": 7}]
    with Session(committed) as session:
        rows = session.scalars(select(DashboardCache).where(DashboardCache.key == "race")).all()
    assert [(r.stamp, r.payload) for r in rows] == [("stamp-1", '{"loans": 7}')]


def test_a_new_stamp_replaces_the_row_in_place(session: Session) -> None:
    repo = DashboardRepository(session)
    repo.store("block", "s1", "[1]", NOW)
    assert repo.cached("block") is not None  # now in the session's identity map
    repo.store("block", "s2", "[2]", NOW)
    row = repo.cached("block")
    assert row is not None and (row.stamp, row.payload) == ("s2", "[2]")
    count = session.scalars(select(DashboardCache).where(DashboardCache.key == "block")).all()
    assert len(count) == 1


def test_the_memo_never_grows_beyond_its_bound(session: Session) -> None:
    service._MEMO.clear()
    for i in range(3 * service.MEMO_ENTRIES):
        key = f"platform:BANK{i:03d}:"
        assert service._cached(session, key, "s", NOW, lambda i=i: {"n": i}) == {"n": i}
        assert len(service._MEMO) <= service.MEMO_ENTRIES
    # The newest blocks are still served from memory: no build is called for them.
    assert service._cached(session, key, "s", NOW, lambda: pytest.fail("rebuilt")) == {"n": i}


def test_a_new_stamp_is_a_miss_in_the_memo(session: Session) -> None:
    service._MEMO.clear()
    assert service._cached(session, "ledger-numbers", "a", NOW, lambda: 1) == 1
    assert service._cached(session, "ledger-numbers", "b", NOW, lambda: 2) == 2
    assert service._cached(session, "ledger-numbers", "b", NOW, lambda: 3) == 2
