"""Plan versions (issue 13 point 4): pboc loads a plan file in the web or at the command line;
it is validated (every problem in Chinese with its line and field), kept as a new version with
who and when, audit-logged, and used by every evaluation until another version is chosen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.db import session_scope
from beizeng.errors import BeizengError
from beizeng.kit.text import FilenameInvalid
from beizeng.models.audit import AuditEntry
from beizeng.models.monitor import PlanVersion
from beizeng.monitor import service
from beizeng.monitor.errors import PlanDuplicate, PlanInvalid, PlanLoadedMeanwhile, PlanTooLarge
from beizeng.monitor.plan import parse_plan
from beizeng.monitor.repository import PlanVersionRepository
from tests.account.factories import create_user
from tests.conftest import CliResult
from tests.outreach.web import platform, staffed
from tests.web.conftest import Platform, csrf

__all__ = ["platform", "staffed"]

NOW = datetime(2023, 1, 5, 2, 0, tzinfo=UTC)
PLAN_2023 = (
    service.default_plan_text()
    .replace('id = "lvliang-2022"', 'id = "lvliang-2023"')
    .replace("吕梁市2022年", "吕梁市2023年")
    .replace("year = 2022", "year = 2023")
)


def _upload(
    client: TestClient, content: bytes, name: str = "plan.toml", note: str = ""
) -> Response:
    return client.post(
        "/monitor/plans",
        data={"csrf_token": csrf(client, "/monitor/plans"), "note": note},
        files={"file": (name, content, "application/toml")},
    )


def _count(staffed: Platform) -> int:
    with staffed.session() as s:
        return int(s.scalar(select(func.count()).select_from(PlanVersion)) or 0)


# --- pure: the parser answers every text with a plan or PlanInvalid ------------------------


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_a_plan_or_a_chinese_plan_invalid(text: str) -> None:
    try:
        parse_plan(text, source="x.toml")
    except PlanInvalid as exc:
        assert exc.message.startswith("计划文件 x.toml")


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=0, max_value=service.default_plan_text().count("\n") - 1))
def test_a_broken_line_of_the_default_plan_is_named_by_its_line(line: int) -> None:
    lines = service.default_plan_text().splitlines()
    if not lines[line].strip() or lines[line].lstrip().startswith("#"):
        return
    lines[line] = "= " + lines[line]  # a value without a key on that line
    with pytest.raises(PlanInvalid) as err:
        parse_plan("\n".join(lines), source="p.toml")
    assert f"第 {line + 1} 行" in err.value.message


def test_a_field_problem_names_the_line_where_its_target_starts() -> None:
    text = service.default_plan_text().replace('op = ">="', 'op = "=>"', 1)
    with pytest.raises(PlanInvalid) as err:
        parse_plan(text, source="p.toml")
    header = service.default_plan_text().splitlines().index("[[targets]]") + 1
    assert "目标「loan_growth」，字段「op」：运算符「=>」无效" in err.value.message
    assert f"（第 {header} 行起的目标）" in err.value.message


# --- the store --------------------------------------------------------------------------


def test_without_a_stored_version_the_packaged_plan_is_in_use(session: Session) -> None:
    active = service.active_plan(session)
    assert active.version is None and active.plan.id == "lvliang-2022"
    assert service.load_plan(session=session).id == "lvliang-2022"


def test_a_loaded_version_is_active_audited_and_used_by_load_plan(session: Session) -> None:
    pboc = create_user(session, "pboc")
    row = service.store_plan(
        session, principal=pboc, content=PLAN_2023.encode(), source="p23.toml", note="2023", now=NOW
    )
    assert row.version == 1 and row.loaded_by == pboc.username and row.note == "2023"
    assert service.load_plan(session=session).id == "lvliang-2023"
    assert service.load_plan().id == "lvliang-2022"  # without a session: the package
    audit = session.scalars(select(AuditEntry).where(AuditEntry.object_type == "PlanVersion")).all()
    assert [a.action for a in audit] == ["create"]
    assert audit[0].after is not None and audit[0].after["sha256"] == row.sha256


def test_choosing_an_older_version_makes_it_active_again(session: Session) -> None:
    pboc = create_user(session, "pboc")
    first = service.keep_plan(
        session,
        content=service.default_plan_text().encode(),
        source="a.toml",
        note=None,
        loaded_by="x",
        now=NOW,
    )
    service.store_plan(
        session, principal=pboc, content=PLAN_2023.encode(), source="b.toml", note=None, now=NOW
    )
    assert service.active_plan(session).plan.id == "lvliang-2023"
    later = datetime(2023, 1, 6, tzinfo=UTC)
    service.choose_plan(session, principal=pboc, version_id=first.id, now=later)
    assert service.active_plan(session).plan.id == "lvliang-2022"
    updates = session.scalars(
        select(AuditEntry).where(
            AuditEntry.object_type == "PlanVersion", AuditEntry.action == "update"
        )
    ).all()
    assert len(updates) == 1


@pytest.mark.parametrize(
    ("content", "name", "error", "words"),
    [
        (b"x" * (64 * 1024 + 1), "big.toml", PlanTooLarge, "超过 64 KB"),
        ("id = 1".encode("gbk") + "中".encode("gbk"), "gbk.toml", PlanInvalid, "不是 UTF-8"),
        (b'id = "a"\x00', "nul.toml", PlanInvalid, "NUL"),
        (b'id = "a"\ntitle = "b"\nyear = 2022\n', "none.toml", PlanInvalid, "至少需要一个"),
        (PLAN_2023.encode(), "../p.toml", FilenameInvalid, "文件名无效"),
    ],
)
def test_a_bad_file_is_refused_with_a_chinese_reason_and_nothing_stored(
    session: Session, content: bytes, name: str, error: type[BeizengError], words: str
) -> None:
    pboc = create_user(session, "pboc")
    with pytest.raises(error) as err:
        service.store_plan(
            session, principal=pboc, content=content, source=name, note=None, now=NOW
        )
    assert words in err.value.message
    assert session.scalar(select(func.count()).select_from(PlanVersion)) == 0


def test_the_same_text_twice_is_a_conflict_naming_the_version(session: Session) -> None:
    pboc = create_user(session, "pboc")
    service.store_plan(
        session, principal=pboc, content=PLAN_2023.encode(), source="a.toml", note=None, now=NOW
    )
    with pytest.raises(PlanDuplicate, match="第 1 版"):
        service.store_plan(
            session, principal=pboc, content=PLAN_2023.encode(), source="b.toml", note=None, now=NOW
        )


def test_a_load_racing_another_for_the_version_number_is_a_conflict(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    pboc = create_user(session, "pboc")
    service.store_plan(
        session, principal=pboc, content=PLAN_2023.encode(), source="a.toml", note=None, now=NOW
    )
    monkeypatch.setattr(PlanVersionRepository, "next_version", lambda self: 1)
    with pytest.raises(PlanLoadedMeanwhile):
        service.store_plan(
            session,
            principal=pboc,
            content=service.default_plan_text().encode(),
            source="b.toml",
            note=None,
            now=NOW,
        )
    assert session.scalar(select(func.count()).select_from(PlanVersion)) == 1
    assert service.active_plan(session).plan.id == "lvliang-2023"


# --- the web ----------------------------------------------------------------------------


def test_pboc_uploads_a_plan_and_the_pages_use_it(staffed: Platform) -> None:
    client = staffed.client("pboc1")
    response = _upload(client, PLAN_2023.encode(), "lvliang-2023.toml", note="2023 年目标")
    assert response.status_code == 200
    assert "已载入第 1 版目标计划「吕梁市2023年金融支持市场主体倍增工程主要目标」" in response.text
    versions = response.text[response.text.index('id="versions"') :]
    assert "lvliang-2023.toml" in versions and "2023 年目标" in versions and "pboc1" in versions
    assert "吕梁市2023年" in client.get("/monitor").text
    with staffed.session() as s:
        row = s.scalars(select(PlanVersion)).one()
    download = client.get(f"/monitor/plans/{row.id}/download")
    assert download.headers["content-disposition"] == 'attachment; filename="plan-v1.toml"'
    assert download.text == PLAN_2023


def test_an_invalid_upload_lists_every_problem_with_its_line_and_stores_nothing(
    staffed: Platform,
) -> None:
    bad = PLAN_2023.replace("year = 2023", "year = 1800").replace('op = ">="', 'op = "=>"', 1)
    response = _upload(staffed.client("pboc1"), bad.encode())
    assert response.status_code == 422
    assert "有 2 处错误" in response.text
    assert "字段「year」" in response.text and "第 17 行" in response.text
    assert "运算符「=&gt;」无效" in response.text or "运算符「=>」无效" in response.text
    assert _count(staffed) == 0


def test_an_oversized_upload_is_refused_before_it_is_parsed(staffed: Platform) -> None:
    response = _upload(staffed.client("pboc1"), b"#" * (70 * 1024))
    assert response.status_code == 422 and "超过 64 KB" in response.text
    assert _count(staffed) == 0


def test_a_county_sub_branch_and_gov_cannot_load_or_choose_a_plan(staffed: Platform) -> None:
    with staffed.session() as s:
        create_user(s, "pboc", username="lishi9", county_code="141102")
        s.commit()
    _upload(staffed.client("pboc1"), PLAN_2023.encode())
    with staffed.session() as s:
        version_id = s.scalars(select(PlanVersion.id)).one()
    for name in ("lishi9", "gov1"):
        client = staffed.client(name)
        assert _upload(client, service.default_plan_text().encode()).status_code == 403
        choose = client.post(
            f"/monitor/plans/{version_id}/choose",
            data={"csrf_token": csrf(client, "/monitor/plans")},
            follow_redirects=False,
        )
        assert choose.status_code == 403
        page = client.get("/monitor/plans").text
        assert "启用此版" not in page and "第 1 版" in page
    assert _count(staffed) == 1


def test_choosing_in_the_web_switches_the_plan_of_the_pages(staffed: Platform) -> None:
    client = staffed.client("pboc1")
    _upload(client, service.default_plan_text().encode(), "a.toml")
    _upload(client, PLAN_2023.encode(), "b.toml")
    with staffed.session() as s:
        first = s.scalars(select(PlanVersion).where(PlanVersion.version == 1)).one()
    response = client.post(
        f"/monitor/plans/{first.id}/choose",
        data={"csrf_token": csrf(client, "/monitor/plans")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get("/monitor").text
    assert "吕梁市2022年" in page and "第 1 版" in page
    missing = client.post(
        "/monitor/plans/999999/choose",
        data={"csrf_token": csrf(client, "/monitor/plans")},
        follow_redirects=False,
    )
    assert missing.status_code == 404 and "目标计划版本（编号 999999）不存在" in missing.text


# --- the command line -------------------------------------------------------------------


def test_plan_load_and_list_at_the_command_line(
    home: Path, tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    empty = cli("monitor", "plan", "list")
    assert empty.exit_code == 0 and "尚未载入目标计划" in empty.stdout
    path = tmp_path / "p23.toml"
    path.write_text(PLAN_2023, encoding="utf-8")
    loaded = cli("monitor", "plan", "load", str(path), "--note", "2023")
    assert loaded.exit_code == 0 and "已载入第 1 版目标计划" in loaded.stdout
    again = cli("monitor", "plan", "load", str(path))
    assert again.exit_code == 1 and "第 1 版内容完全相同" in again.stderr
    listed = cli("monitor", "plan", "list")
    assert "p23.toml" in listed.stdout and "是" in listed.stdout
    other = tmp_path / "p22.toml"
    other.write_text(service.default_plan_text(), encoding="utf-8")
    assert cli("monitor", "plan", "load", str(other)).exit_code == 0
    chosen = cli("monitor", "plan", "choose", "1")
    assert chosen.exit_code == 0 and "已启用第 1 版" in chosen.stdout
    with session_scope() as s:
        assert service.active_plan(s).plan.id == "lvliang-2023"
    missing = cli("monitor", "plan", "choose", "9")
    assert missing.exit_code == 1 and "没有第 9 版目标计划" in missing.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\ntitle = 1\n', encoding="utf-8")
    refused = cli("monitor", "plan", "load", str(bad))
    assert refused.exit_code == 1
    assert "字段「title」" in refused.stderr and "（第 2 行）" in refused.stderr
    assert "Traceback" not in refused.stderr
