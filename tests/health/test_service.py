"""run_checks on a caller's session or an engine; it repairs nothing and creates nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng import db
from beizeng.config import Settings
from beizeng.health.service import is_readable_parquet, run_checks
from tests.health.conftest import add_submission, set_schema_behind


def test_checks_run_inside_the_callers_session(session: Session, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, database_url="sqlite://")
    checks = run_checks(session, settings=settings, today=date(2022, 6, 6))
    assert [(c.name, c.ok) for c in checks] == [
        ("database", True),
        ("migrations", True),
        ("ledger", True),
        ("calendar", True),
    ]


def test_an_unreachable_database_fails_every_check(tmp_path: Path) -> None:
    engine = db.make_engine("postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    checks = run_checks(engine, settings=Settings(home=tmp_path), today=date(2022, 6, 6))
    assert [c.ok for c in checks] == [False, False, False, False]
    assert checks[0].detail.startswith("无法连接数据库")
    assert "BEIZENG_DATABASE_URL" in checks[0].remedy


def test_checking_neither_upgrades_the_schema_nor_creates_the_ledger_folder(
    fresh_db_url: str, tmp_path: Path
) -> None:
    engine = db.make_engine(fresh_db_url)
    try:
        set_schema_behind(engine)
        settings = Settings(home=tmp_path / "home", database_url=fresh_db_url)
        checks = run_checks(engine, settings=settings, today=date(2022, 6, 6))
        assert [c.name for c in checks if not c.ok] == ["migrations"]
        assert not db.is_current(engine)
        assert not (tmp_path / "home" / "ledgers").exists()
    finally:
        engine.dispose()


def test_a_parquet_file_is_readable_only_with_its_footer(fresh_db_url: str, tmp_path: Path) -> None:
    engine = db.make_engine(fresh_db_url)
    try:
        good = add_submission(engine, tmp_path)
    finally:
        engine.dispose()
    assert is_readable_parquet(good)
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(good.read_bytes()[:-1])
    assert not is_readable_parquet(cut)
    assert not is_readable_parquet(tmp_path / "absent.parquet")
