"""The bank's submission pages and pboc's board (issue 13 point 1, C-4.5.1)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from fastapi.testclient import TestClient
from lxml import html as lxml_html
from openpyxl import load_workbook
from sqlalchemy import func, select

from beizeng.models.ledger import LedgerSubmission, StatsSubmission
from beizeng.models.notification import Notification
from tests.account.factories import create_bank_user, create_institution, create_user
from tests.ledger.builders import row, write_csv, write_xlsx
from tests.submission.conftest import Banks
from tests.web.conftest import csrf


def accepted_rows(page: str) -> str:
    """The accepted row count as the page shows it."""
    return str(lxml_html.fromstring(page).get_element_by_id("accepted-rows").text_content())


_WORKBOOK = re.compile(r'href="(/submissions/errors/[0-9a-f-]+)"')


def _count(banks: Banks, model: type) -> int:
    with banks.platform.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _post(client, path: str, name: str, content: bytes, **fields: str):  # type: ignore[no-untyped-def]
    return client.post(
        path,
        data={"csrf_token": csrf(client, path), **fields},
        files={"file": (name, content, "text/csv")},
    )


def _pboc_after_april_ledger(banks: Banks, tmp_path: Path) -> TestClient:
    """The first bank submits a one-row 2022-04 ledger (accepted); pboc's client, to see the board."""
    clerk = banks.platform.client(banks.clerk)
    content = write_csv(tmp_path / "a.csv", [row(1)]).read_bytes()
    assert (
        _post(clerk, "/submissions/ledgers", "a.csv", content, period="2022-04").status_code == 200
    )
    return banks.platform.client(banks.pboc)


def test_a_refused_ledger_shows_its_problems_and_the_error_workbook_then_the_fix_is_accepted(
    banks: Banks, tmp_path: Path
) -> None:
    client = banks.platform.client(banks.clerk)
    page = client.get("/submissions/ledgers")
    assert (
        page.status_code == 200 and banks.first_name in page.text and 'value="2022-05"' in page.text
    )

    bad = write_csv(tmp_path / "五月.csv", [row(i, balance="-5") for i in range(1, 251)])
    refused = _post(client, "/submissions/ledgers", "五月.csv", bad.read_bytes(), period="2022-05")
    assert refused.status_code == 422
    assert 'data-outcome="refused"' in refused.text and "未接收" in refused.text
    assert (
        '<span id="problem-total">250</span>' in refused.text
        and "下表列出前 200 处" in refused.text
    )
    assert refused.text.count("<tr><td>") == 200
    assert _count(banks, LedgerSubmission) == 0 and banks.stored_files() == []

    link = _WORKBOOK.search(refused.text)
    assert link, refused.text
    download = client.get(link.group(1))
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames == ["错误清单", "出错行"] and book["错误清单"].max_row == 251
    # another bank's clerk cannot fetch it
    other = banks.platform.client(banks.other_clerk)
    assert other.get(link.group(1)).status_code == 404
    assert client.get("/submissions/errors/1-nothexnothexnothexnothexnothexno").status_code == 404

    good = write_xlsx(tmp_path / "五月.xlsx", [row(i) for i in range(1, 251)])
    accepted = client.post(
        "/submissions/ledgers",
        data={"csrf_token": csrf(client, "/submissions/ledgers"), "period": "2022-05"},
        files={"file": ("五月.xlsx", good.read_bytes(), "application/octet-stream")},
    )
    assert accepted.status_code == 200, accepted.text
    assert 'data-outcome="accepted"' in accepted.text and accepted_rows(accepted.text) == "250"
    assert "普惠小微贷款（人民银行口径）" in accepted.text and "75,000.00" in accepted.text
    assert "这是本期的首次报送" in accepted.text
    history = client.get("/submissions/ledgers").text
    assert "五月.xlsx" in history and banks.clerk in history and "现行" in history


def test_a_resubmission_through_the_page_asks_for_a_reason_shown_to_pboc(
    banks: Banks, tmp_path: Path
) -> None:
    client = banks.platform.client(banks.clerk)
    content = write_csv(tmp_path / "a.csv", [row(1)]).read_bytes()
    assert (
        _post(client, "/submissions/ledgers", "a.csv", content, period="2022-05").status_code == 200
    )
    banks.platform.clock.advance(hours=1)
    again = _post(client, "/submissions/ledgers", "b.csv", content, period="2022-05")
    assert again.status_code == 422 and "重新报送须填写原因" in again.text
    assert _count(banks, LedgerSubmission) == 1
    blank = _post(client, "/submissions/ledgers", "b.csv", content, period="2022-05", reason="   ")
    assert blank.status_code == 422
    done = _post(
        client, "/submissions/ledgers", "b.csv", content, period="2022-05", reason="更正五级分类"
    )
    assert done.status_code == 200 and 'id="supersedes"' in done.text
    board = banks.platform.client(banks.pboc).get("/submissions/board?period=2022-05")
    assert board.status_code == 200
    assert "更正五级分类" in board.text and "吕梁测试农商银行" in board.text


def test_bad_periods_and_files_through_the_page_store_nothing(banks: Banks, tmp_path: Path) -> None:
    client = banks.platform.client(banks.clerk)
    content = write_csv(tmp_path / "a.csv", [row(1)]).read_bytes()
    for period, words in (
        ("2022-06", "尚未结束"),
        ("1999-01", "早于 2000 年"),
        ("x", "格式不正确"),
    ):
        response = _post(client, "/submissions/ledgers", "a.csv", content, period=period)
        assert response.status_code == 422 and words in response.text, period
    not_a_ledger = _post(
        client, "/submissions/ledgers", "a.xls", b"\xd0\xcf\x11\xe0", period="2022-05"
    )
    assert not_a_ledger.status_code == 422 and "不支持旧版 .xls 文件" in not_a_ledger.text
    header_only = _post(client, "/submissions/ledgers", "h.csv", b"loan_id\n1\n", period="2022-05")
    assert header_only.status_code == 422 and "缺少必填列" in header_only.text
    banks.settings.max_upload_bytes = 100
    big = _post(client, "/submissions/ledgers", "a.csv", content * 200, period="2022-05")
    assert big.status_code == 413 and "超过大小上限" in big.text
    assert _count(banks, LedgerSubmission) == 0 and banks.scratch_left() == []


def test_the_script_upload_with_the_csrf_header_is_streamed(banks: Banks, tmp_path: Path) -> None:
    client = banks.platform.client(banks.clerk)
    token = csrf(client, "/submissions/ledgers")
    content = write_csv(tmp_path / "a.csv", [row(1), row(2)]).read_bytes()
    response = client.post(
        "/submissions/ledgers",
        headers={"X-CSRF-Token": token},
        data={"period": "2022-05"},
        files={"file": ("a.csv", content, "text/csv")},
    )
    assert response.status_code == 200 and accepted_rows(response.text) == "2"
    forged = client.post(
        "/submissions/ledgers",
        headers={"X-CSRF-Token": "forged"},
        data={"period": "2022-05"},
        files={"file": ("a.csv", content, "text/csv")},
    )
    assert forged.status_code == 403
    assert _count(banks, LedgerSubmission) == 1


def test_statistics_page_submits_for_the_own_institution(banks: Banks) -> None:
    client = banks.platform.client(banks.clerk)
    content = f"期间,机构代码,指标,数值\n2022-05,{banks.second_code},deposits,100\n".encode()
    response = _post(client, "/submissions/stats", "统计.csv", content, period="2022-05")
    assert response.status_code == 200 and 'data-outcome="accepted"' in response.text
    assert _count(banks, StatsSubmission) == 1
    refused = _post(
        client, "/submissions/stats", "统计.csv", b"metric,value\nx,1,2\n", period="2022-05"
    )
    assert refused.status_code == 422
    assert _count(banks, StatsSubmission) == 1
    template = client.get("/submissions/stats/template")
    assert template.status_code == 200 and template.headers["content-disposition"].startswith(
        "attachment"
    )


def test_the_templates_download_for_banks_only(banks: Banks) -> None:
    response = banks.platform.client(banks.clerk).get("/submissions/ledgers/template")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "贷款台账"
    assert banks.platform.client(banks.pboc).get("/submissions/ledgers/template").status_code == 403


def test_the_board_marks_late_and_missing_banks_and_reminds_the_missing_once(
    banks: Banks, tmp_path: Path
) -> None:
    # 2022-04: due on the 10th working day after 30 April (May Day holidays, 7 May worked) — 2022-05-17
    pboc = _pboc_after_april_ledger(banks, tmp_path)
    board = pboc.get("/submissions/board?period=2022-04")
    assert "截止日：2022-05-17" in board.text
    assert "逾期报送" in board.text and '<span id="missing-count">1</span>' in board.text
    assert 'id="remind-form"' in board.text

    sent = pboc.post(
        "/submissions/board/remind",
        data={"csrf_token": csrf(pboc, "/submissions/board"), "period": "2022-04"},
        follow_redirects=False,
    )
    assert sent.status_code == 303 and sent.headers["location"].endswith("reminded=1")
    again = pboc.post(
        "/submissions/board/remind",
        data={"csrf_token": csrf(pboc, "/submissions/board"), "period": "2022-04"},
    )
    assert again.status_code == 200
    with banks.platform.session() as s:
        notes = s.scalars(select(Notification)).all()
    assert [(n.kind, n.dedupe_key) for n in notes] == [
        ("ledger_missing", f"ledger_missing:{banks.second_id}:2022-04")
    ]
    inbox = banks.platform.client(banks.other_clerk).get("/inbox").text
    assert "请报送 2022年4月 贷款台账" in inbox
    assert banks.platform.client(banks.clerk).get("/submissions/board").status_code == 403


def test_a_county_sub_branch_sees_and_reminds_its_county_banks_only(banks: Banks) -> None:
    with banks.platform.session() as s:
        county_bank = create_institution(s, name="兴县农村信用合作联社", county_code="141123")
        create_bank_user(s, county_bank)
        county = create_user(s, "pboc", county_code="141123").username
        s.commit()
    client = banks.platform.client(county)
    board = client.get("/submissions/board?period=2022-05")
    assert board.status_code == 200
    assert "兴县农村信用合作联社" in board.text and "吕梁测试农商银行" not in board.text
    sent = client.post(
        "/submissions/board/remind",
        data={"csrf_token": csrf(client, "/submissions/board"), "period": "2022-05"},
        follow_redirects=False,
    )
    assert sent.headers["location"].endswith("reminded=1")
    with banks.platform.session() as s:
        keys = {n.dedupe_key for n in s.scalars(select(Notification))}
    assert keys == {f"ledger_missing:{county_bank.id}:2022-05"}


def test_the_board_sorts_and_filters_on_the_server_and_exports_what_it_shows(
    banks: Banks, tmp_path: Path
) -> None:
    pboc = _pboc_after_april_ledger(banks, tmp_path)

    def banks_on(query: str) -> list[str]:
        tree = lxml_html.fromstring(pboc.get(f"/submissions/board?period=2022-04&{query}").text)
        return [str(td.text_content()) for td in tree.xpath("//table[@id='board']/tbody/tr/td[1]")]

    everyone = banks_on("")
    assert len(everyone) >= 2
    assert banks_on("sort=bank") == sorted(everyone)
    assert banks_on("sort=bank&desc=1") == sorted(everyone, reverse=True)
    assert banks_on("sort=rows&desc=1")[0] == "吕梁测试农商银行"  # missing banks (no rows) last
    assert banks_on("q_bank=农商") == [b for b in everyone if "农商" in b]
    assert banks_on("sort=nonsense&page=abc") == everyone
    exported = pboc.get("/submissions/board?period=2022-04&q_bank=农商&export=xlsx&table=1")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert sheet is not None
    assert [c.value for c in sheet["A"]][1:] == [b for b in everyone if "农商" in b]
    assert sheet["B1"].value == "银行代码"
