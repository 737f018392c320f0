"""The bulletin's PDF in the web (issue 14 point 5): the same route as the docx with
``format=pdf``, rendered by LibreOffice in a temporary folder that is removed afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from beizeng.reports import pdf
from tests.outreach.web import platform, staffed  # noqa: F401
from tests.web.conftest import Platform


@pytest.mark.parametrize("template", ["sqlite"], indirect=True)
def test_the_bulletin_downloads_as_pdf_beside_the_docx(
    staffed: Platform,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Rendering reads only the docx, so it runs once (on SQLite)."""
    client = staffed.client("pboc1")
    response = client.get("/monitor/reports/bulletin?period=2022-06&format=pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="bulletin-2022-06.pdf"')
    assert response.content.startswith(b"%PDF")
    scratch = tmp_path / "home" / "tmp"
    assert not scratch.exists() or list(scratch.iterdir()) == []


def test_a_format_other_than_docx_or_pdf_is_refused(staffed: Platform) -> None:  # noqa: F811
    response = staffed.client("pboc1").get("/monitor/reports/bulletin?period=2022-06&format=doc")
    assert response.status_code == 422 and "format" in response.text


def test_without_libreoffice_the_pdf_download_says_so_in_chinese(
    staffed: Platform,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf, "PROGRAMS", ("no-such-office",))
    response = staffed.client("pboc1").get("/monitor/reports/bulletin?period=2022-06&format=pdf")
    assert response.status_code == 503
    assert "未找到 LibreOffice" in response.text and "Traceback" not in response.text
