"""Notices and letters as PDF (issue 14 point 5): an issued notice downloads as the PDF of the docx
stored when it was issued (LibreOffice, ``reports.pdf``), linked beside the docx; the period's
drafts download as a zip of PDFs dated as chosen; without LibreOffice a Chinese 503.

Rendering reads only the documents, so the LibreOffice runs are on SQLite only."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from beizeng.models.monitor import SupervisionNotice
from beizeng.reports import pdf
from tests.notice.test_pages import issued_world
from tests.outreach.web import staffed
from tests.web.conftest import Platform, platform, post_form

__all__ = ["issued_world", "platform", "staffed"]


def _text(content: bytes, tmp_path: Path, name: str = "document.pdf") -> str:
    """The PDF's text (poppler's pdftotext), without the spaces and line breaks it puts between
    CJK characters."""
    assert content.startswith(b"%PDF")
    source = tmp_path / name
    source.write_bytes(content)
    done = subprocess.run(["pdftotext", str(source), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", done.stdout.decode("utf-8"))


def _issued(world: Platform) -> int:
    """pboc issues 2022-12's notices (甲银行 fails; its superior gets the letter), on the
    platform's day 2022-06-06; the notice's id."""
    pboc = world.client("pboc_admin")
    issued = post_form(pboc, "/notices/issue", {"period": "2022-12"}, page="/notices/issue")
    assert issued.status_code == 303  # type: ignore[attr-defined]
    with world.session() as s:
        return int(s.scalars(select(SupervisionNotice.id)).one())


@pytest.mark.parametrize("template", ["sqlite"], indirect=True)
def test_an_issued_notice_downloads_as_a_pdf_with_its_title_number_and_date(
    issued_world: Platform, tmp_path: Path
) -> None:
    notice_id = _issued(issued_world)
    bank = issued_world.client("bank_a")
    page = bank.get(f"/notices/{notice_id}").text
    assert f'href="/notices/{notice_id}/documents/notice?format=pdf"' in page
    response = bank.get(f"/notices/{notice_id}/documents/notice?format=pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].endswith(".pdf")
    text = _text(response.content, tmp_path)
    assert "关于甲银行吕梁分行金融支持市场主体倍增工程有关指标未达标的督导通报" in text
    assert "银吕督〔2022〕1号" in text and "2022年6月6日" in text
    assert "\ufffd" not in text
    scratch = tmp_path / "home" / "tmp"
    assert not scratch.exists() or list(scratch.iterdir()) == []


def test_the_tracking_links_the_letters_pdf_and_a_bank_gets_no_letter(
    issued_world: Platform,
) -> None:
    """The refusal comes before any rendering: the bank may not read its superior's letter."""
    notice_id = _issued(issued_world)
    page = issued_world.client("pboc_admin").get(f"/notices/tracking/{notice_id}").text
    assert f'href="/notices/tracking/{notice_id}/documents/letter?format=pdf"' in page
    bank = issued_world.client("bank_a")
    letter = bank.get(f"/notices/{notice_id}/documents/letter?format=pdf")
    assert letter.status_code == 404 and "上级管理行" in letter.text
    refused = bank.get(f"/notices/{notice_id}/documents/notice?format=odt")
    assert refused.status_code == 422 and "format" in refused.text


def test_without_libreoffice_a_notices_pdf_is_a_chinese_503(
    issued_world: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    notice_id = _issued(issued_world)
    monkeypatch.setattr(pdf, "PROGRAMS", ("no-such-office",))
    pboc = issued_world.client("pboc_admin")
    response = pboc.get(f"/notices/tracking/{notice_id}/documents/letter?format=pdf")
    assert response.status_code == 503
    assert "无法生成 PDF：未找到 LibreOffice" in response.text
    assert "Traceback" not in response.text
    docx = pboc.get(f"/notices/tracking/{notice_id}/documents/letter")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


@pytest.mark.parametrize("template", ["sqlite"], indirect=True)
def test_the_notice_drafts_download_as_a_zip_of_pdfs_dated_as_chosen(
    staffed: Platform, tmp_path: Path
) -> None:
    """Neither bank published its four lists (C-3.4.1): both get a draft, dated 2022-07-15."""
    response = staffed.client("pboc1").get(
        "/monitor/reports/notices",
        params={"period": "2022-06", "date": "2022-07-15", "format": "pdf"},
    )
    assert response.status_code == 200, response.text
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert names and all(n.endswith(".pdf") for n in names)
    notice = next(n for n in names if n.startswith("2022-06_ICBCLL_督导通报"))
    text = _text(archive.read(notice), tmp_path)
    assert "督导通报" in text and "2022年7月15日" in text
    assert re.search(r"银吕督〔2022〕\d+号", text)
