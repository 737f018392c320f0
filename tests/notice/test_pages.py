"""The follow-up through the app (pages and the JSON API), on SQLite and PostgreSQL: pboc
previews and issues, the bank downloads the docx, acknowledges once, files measures with a file,
pboc's tracking shows it; banks' systems do the same with notices:read / notices:write tokens;
bad input is a Chinese 4xx and changes nothing."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import func, select

from beizeng.account import service as accounts
from beizeng.config import get_settings
from beizeng.models.institution import Institution
from beizeng.models.monitor import RectificationMeasure, SupervisionNotice
from tests.account.factories import NOW, create_bank_user, create_institution, create_user
from tests.monitor.ledgers import add_banks, import_example
from tests.notice.helpers import lists_published
from tests.web.conftest import Platform, csrf, platform, post_form

__all__ = ["platform"]


@pytest.fixture
def issued_world(
    platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Platform]:
    """Two banks with 2022-12 ledgers (甲银行 fails two targets), its superior bank registered,
    a user each (every bank published its four lists in time) and pboc's ``pboc_admin``."""
    monkeypatch.setenv("BEIZENG_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    with platform.session() as s:
        add_banks(s)
        import_example(s, tmp_path / "in")
        banka = s.scalars(select(Institution).where(Institution.code == "BANKA")).one()
        superior = create_institution(s, code="BANKAS", name="甲银行山西省分行", superior=None)
        other = s.scalars(select(Institution).where(Institution.code == "BANKB")).one()
        lists_published(
            s,
            create_bank_user(s, banka, username="bank_a"),
            create_bank_user(s, superior, username="bank_a_sx"),
            create_bank_user(s, other, username="bank_b"),
        )
        create_user(s, "pboc", username="pboc_admin")
        create_user(s, "gov", username="gov_jrb")
        s.commit()
    yield platform
    get_settings.cache_clear()


def _notice_id(platform: Platform) -> int:
    with platform.session() as s:
        return int(s.scalars(select(SupervisionNotice.id)).one())


def test_pboc_issues_the_bank_acknowledges_and_files_and_the_tracking_shows_it(
    issued_world: Platform,
) -> None:
    pboc = issued_world.client("pboc_admin")
    page = pboc.get("/notices/issue?period=2022-12")
    assert page.status_code == 200
    assert (
        "甲银行吕梁分行" in page.text and "待下发" in page.text and "银吕督〔2022〕1号" in page.text
    )
    issued = post_form(pboc, "/notices/issue", {"period": "2022-12"}, page="/notices/issue")
    assert issued.status_code == 303  # type: ignore[attr-defined]
    assert issued.headers["location"] == "/notices/tracking?period=2022-12"  # type: ignore[attr-defined]
    again = post_form(pboc, "/notices/issue", {"period": "2022-12"}, page="/notices/issue")
    assert again.status_code == 409 and "已全部下发" in again.text  # type: ignore[attr-defined]
    tracking = pboc.get("/notices/tracking")
    assert 'data-stage="unacknowledged"' in tracking.text and "待签收" in tracking.text
    notice_id = _notice_id(issued_world)

    bank = issued_world.client("bank_a")
    listing = bank.get("/notices")
    assert f'href="/notices/{notice_id}"' in listing.text and "被通报机构" in listing.text
    docx = bank.get(f"/notices/{notice_id}/documents/notice")
    assert docx.status_code == 200
    assert docx.headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''2022-12_" in docx.headers["content-disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert (
        "甲银行吕梁分行：" in text and "15个工作日内" in text and "签收本通报并报送整改措施" in text
    )
    letter = bank.get(f"/notices/{notice_id}/documents/letter")
    assert letter.status_code == 404 and "上级管理行" in letter.text
    assert bank.get(f"/notices/{notice_id}/documents/memo").status_code == 422

    early = bank.post(
        f"/notices/{notice_id}/measures",
        data={"text": "先报措施", "csrf_token": csrf(bank, f"/notices/{notice_id}")},
    )
    assert early.status_code == 409 and "请先签收" in early.text
    ack = post_form(bank, f"/notices/{notice_id}/acknowledge", {}, page=f"/notices/{notice_id}")
    assert ack.status_code == 303  # type: ignore[attr-defined]
    twice = post_form(bank, f"/notices/{notice_id}/acknowledge", {}, page=f"/notices/{notice_id}")
    assert twice.status_code == 409 and "不能重复签收" in twice.text  # type: ignore[attr-defined]

    filed = bank.post(
        f"/notices/{notice_id}/measures",
        data={
            "text": "一、加大首贷户拓展力度。",
            "csrf_token": csrf(bank, f"/notices/{notice_id}"),
        },
        files={"attachments": ("整改方案.pdf", b"%PDF-1.4 plan", "application/pdf")},
        follow_redirects=False,
    )
    assert filed.status_code == 303
    detail = bank.get(f"/notices/{notice_id}")
    assert "一、加大首贷户拓展力度。" in detail.text and "整改方案.pdf" in detail.text
    link = re.search(r'href="(/notices/attachments/\d+)"', detail.text)
    assert link is not None
    download = bank.get(link.group(1))
    assert download.content == b"%PDF-1.4 plan"
    assert download.headers["content-type"] == "application/pdf"

    superior = issued_world.client("bank_a_sx")
    assert superior.get(f"/notices/{notice_id}/documents/letter").status_code == 200
    refused = superior.post(
        f"/notices/{notice_id}/measures",
        data={"text": "代报", "csrf_token": csrf(superior, f"/notices/{notice_id}")},
    )
    assert refused.status_code == 403 and "不能代为报送" in refused.text
    other = issued_world.client("bank_b")
    assert other.get(f"/notices/{notice_id}").status_code == 404
    assert other.get(link.group(1)).status_code == 404

    tracking = pboc.get("/notices/tracking?period=2022-12")
    assert 'data-stage="filed"' in tracking.text and "已按期报送整改措施" in tracking.text
    assert 'data-count="acknowledged">1<' in tracking.text
    tracked = pboc.get(f"/notices/tracking/{notice_id}")
    assert "一、加大首贷户拓展力度。" in tracked.text
    assert pboc.get(f"/notices/tracking/{notice_id}/documents/letter").status_code == 200
    gov = issued_world.client("gov_jrb")
    assert gov.get("/notices/tracking").status_code == 200
    assert (
        post_form(
            gov, "/notices/issue", {"period": "2022-12"}, page="/notices/tracking"
        ).status_code
        == 403
    )  # type: ignore[attr-defined]
    with issued_world.session() as s:
        assert s.scalar(select(func.count(RectificationMeasure.id))) == 1


def test_bad_period_and_measures_are_refused_in_chinese(issued_world: Platform) -> None:
    pboc = issued_world.client("pboc_admin")
    bad = pboc.get("/notices/issue?period=2022-13")
    assert bad.status_code == 422 and "期间（period）：格式不符合要求" in bad.text
    missing = pboc.get("/notices/issue?period=2021-06")
    assert missing.status_code == 404 and "没有 2021-06 的已接收贷款台账" in missing.text
    refused = post_form(pboc, "/notices/issue", {"period": "2021-06"}, page="/notices/issue")
    assert refused.status_code == 404  # type: ignore[attr-defined]
    with issued_world.session() as s:
        assert s.scalar(select(func.count(SupervisionNotice.id))) == 0
    post_form(pboc, "/notices/issue", {"period": "2022-12"}, page="/notices/issue")
    notice_id = _notice_id(issued_world)
    bank = issued_world.client("bank_a")
    post_form(bank, f"/notices/{notice_id}/acknowledge", {}, page=f"/notices/{notice_id}")
    blank = bank.post(
        f"/notices/{notice_id}/measures",
        data={"text": "   ", "csrf_token": csrf(bank, f"/notices/{notice_id}")},
    )
    assert blank.status_code == 422 and "空格" in blank.text
    empty_file = bank.post(
        f"/notices/{notice_id}/measures",
        data={"text": "措施", "csrf_token": csrf(bank, f"/notices/{notice_id}")},
        files={"attachments": ("空.docx", b"", "application/octet-stream")},
    )
    assert empty_file.status_code == 422 and "附件「空.docx」：文件是空的" in empty_file.text
    with issued_world.session() as s:
        assert s.scalar(select(func.count(RectificationMeasure.id))) == 0


def test_banks_systems_read_acknowledge_and_file_with_notice_tokens(
    issued_world: Platform,
) -> None:
    pboc = issued_world.client("pboc_admin")
    post_form(pboc, "/notices/issue", {"period": "2022-12"}, page="/notices/issue")
    notice_id = _notice_id(issued_world)
    with issued_world.session() as s:
        owner = accounts.principal_named(s, "bank_a")
        tokens = {
            scope: accounts.create_token(
                s,
                principal=owner,
                name=scope,
                scopes=frozenset({scope}),
                days=30,
                max_days=90,
                now=NOW,
            )[1]
            for scope in ("notices:read", "notices:write", "demands:read")
        }
        s.commit()
    api = issued_world.client()

    def auth(scope: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[scope]}"}

    [item] = api.get("/api/notices", headers=auth("notices:read")).json()
    assert item["id"] == notice_id and item["recipient"] == "institution"
    assert item["stage"] == "unacknowledged" and item["deadline"]
    assert api.get("/api/notices", headers=auth("demands:read")).status_code == 403
    assert (
        api.post(f"/api/notices/{notice_id}/acknowledge", headers=auth("notices:read")).status_code
        == 403
    )
    ok = api.post(f"/api/notices/{notice_id}/acknowledge", headers=auth("notices:write"))
    assert ok.status_code == 200 and ok.json()["stage"] == "acknowledged"
    twice = api.post(f"/api/notices/{notice_id}/acknowledge", headers=auth("notices:write"))
    assert twice.status_code == 409 and "不能重复签收" in twice.json()["detail"]
    filed = api.post(
        f"/api/notices/{notice_id}/measures",
        headers=auth("notices:write"),
        json={"text": "一、优化内部资金转移定价。"},
    )
    assert filed.status_code == 201 and filed.json()["filed_by"] == "bank_a"
    long = api.post(
        f"/api/notices/{notice_id}/measures",
        headers=auth("notices:write"),
        json={"text": "长" * 20_001},
    )
    assert long.status_code == 422
    assert (
        api.post("/api/notices/999999/acknowledge", headers=auth("notices:write")).status_code
        == 404
    )
    [after] = api.get("/api/notices", headers=auth("notices:read")).json()
    assert after["stage"] == "filed" and after["measures_filed_at"]
