"""Policy attachments through the app: stored under the app's own home (its settings, not the
environment's: consolidation issue, point 3), and a file gone from disk is a 404 page in
Chinese, not a 500 (point 9)."""

from __future__ import annotations

import re
from pathlib import Path

from beizeng.config import get_settings
from tests.account.factories import create_user
from tests.web.conftest import Platform, csrf


def test_an_attachment_lives_under_the_apps_home_and_a_missing_file_is_a_404(
    platform: Platform, tmp_path: Path
) -> None:
    with platform.session() as s:
        create_user(s, "pboc", username="pboc9")
        s.commit()
    client = platform.client("pboc9")
    response = client.post(
        "/policies",
        data={
            "title": "吕梁市首贷贴息办法",
            "issuer": "吕梁市人民政府",
            "issued_on": "2022-05-01",
            "text": "对首次获得贷款的小微企业给予贴息。",
            "csrf_token": csrf(client, "/policies"),
        },
        files={"attachments": ("办法.pdf", b"%PDF-1.4 first-loan", "application/pdf")},
        follow_redirects=True,
    )
    assert response.status_code == 200
    link = re.search(r'href="(/policies/attachments/\d+)"', response.text)
    assert link, response.text
    stored = list((tmp_path / "home" / "library").rglob("*办法.pdf"))  # the app's home
    assert len(stored) == 1
    assert not (get_settings().resolved_home / "library").exists()  # not the environment's

    assert client.get(link.group(1)).content == b"%PDF-1.4 first-loan"
    stored[0].unlink()
    gone = client.get(link.group(1))
    assert gone.status_code == 404
    assert "附件「办法.pdf」的文件已不在服务器上" in gone.text
    assert "Traceback" not in gone.text
