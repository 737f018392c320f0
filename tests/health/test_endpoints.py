"""/healthz and /readyz: no sign-in, 200 when ready, 503 naming the failing check."""

from __future__ import annotations

from datetime import UTC, datetime

from beizeng import db
from beizeng.models.holiday import HolidayYear
from tests.health.conftest import Probe, add_submission, set_schema_behind

CHECKS = ["database", "migrations", "ledger", "calendar"]


def _failing(checks: dict[str, dict[str, object]]) -> list[str]:
    return [name for name, check in checks.items() if not check["ok"]]


def test_healthz_answers_ok_without_sign_in(probe: Probe) -> None:
    response = probe.client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["cache-control"] == "no-store"


def test_readyz_is_200_on_a_ready_home_with_every_check(probe: Probe) -> None:
    add_submission(probe.engine, probe.home)
    status, body, checks = probe.readyz()
    assert status == 200, body
    assert body["status"] == "ready"
    assert list(checks) == CHECKS
    assert all(isinstance(c["detail"], str) and c["detail"] for c in checks.values())
    assert "抽查 1 份现行台账" in str(checks["ledger"]["detail"])
    assert "2022-06-06 至 2022-07-06" in str(checks["calendar"]["detail"])


def test_readyz_is_503_when_migrations_are_behind(probe: Probe) -> None:
    set_schema_behind(probe.engine)
    status, body, checks = probe.readyz()
    assert status == 503
    assert body["status"] == "not_ready"
    assert _failing(checks) == ["migrations"]
    assert checks["migrations"]["detail"] == "数据库结构不是最新版本（迁移未执行到最新）"


def test_readyz_is_503_when_a_ledger_parquet_file_is_missing(probe: Probe) -> None:
    add_submission(probe.engine, probe.home, code="ICBCLL")
    add_submission(probe.engine, probe.home, code="ABCLL").unlink()
    status, body, checks = probe.readyz()
    assert status == 503
    assert _failing(checks) == ["ledger"]
    assert checks["ledger"]["detail"] == "抽查 2 份现行台账，其中 1 个 Parquet 文件缺失或无法读取"


def test_readyz_is_503_when_a_ledger_file_is_not_parquet(probe: Probe) -> None:
    add_submission(probe.engine, probe.home).write_bytes(b"truncated")
    status, _, checks = probe.readyz()
    assert status == 503 and _failing(checks) == ["ledger"]


def test_readyz_is_503_when_the_calendar_does_not_cover_the_next_thirty_days(probe: Probe) -> None:
    probe.clock.at = datetime(2031, 6, 2, 2, 0, tzinfo=UTC)
    status, _, checks = probe.readyz()
    assert status == 503
    assert _failing(checks) == ["calendar"]
    assert "2031 年的节假日安排尚未载入" in str(checks["calendar"]["detail"])


def test_a_loaded_notice_covers_a_year_the_package_does_not(probe: Probe) -> None:
    probe.clock.at = datetime(2031, 6, 2, 2, 0, tzinfo=UTC)
    with db.session_scope("test", probe.engine) as session:
        session.add(
            HolidayYear(
                year=2031,
                source="国办发明电〔2030〕1号",
                holidays=["2031-01-01"],
                workdays=[],
                sha256="0" * 64,
                loaded_by="test",
                loaded_at=probe.clock.at,
            )
        )
    status, body, _ = probe.readyz()
    assert status == 200, body


def test_readyz_is_503_when_the_database_is_unreachable(probe: Probe) -> None:
    app = probe.client().app
    app.state.engine = db.make_engine("postgresql+psycopg://nobody@127.0.0.1:1/nothing")  # type: ignore[attr-defined]
    status, _, checks = probe.readyz()
    assert status == 503
    assert _failing(checks) == CHECKS
    assert checks["migrations"]["detail"] == "未检查：数据库无法连接"


def test_probes_are_in_the_openapi_under_the_operations_tag(probe: Probe) -> None:
    schema = probe.client().get("/api/openapi.json").json()
    for path in ("/healthz", "/readyz"):
        operation = schema["paths"][path]["get"]
        assert operation["tags"] == ["运维"]
        assert "security" not in operation
    assert "503" in schema["paths"]["/readyz"]["get"]["responses"]
