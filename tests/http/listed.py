"""Reading a page's listed table as a person and its export as a workbook (issue 14 point 4):
shared by the pages' listing tests."""

from __future__ import annotations

import io
from typing import Any

from fastapi.testclient import TestClient
from lxml import html as lxml_html
from openpyxl import load_workbook


def column(client: TestClient, url: str, table_id: str, number: int) -> list[str]:
    """The visible text of column ``number`` (1-based) of every body row of table ``table_id``."""
    response = client.get(url)
    assert response.status_code == 200, response.text[-500:]
    tree = lxml_html.fromstring(response.text)
    cells = tree.xpath(f"//table[@id='{table_id}']/tbody/tr/td[{number}]")
    return [" ".join(str(td.text_content()).split()) for td in cells]


def table_number(client: TestClient, url: str, table_id: str) -> int:
    """The ``table=N`` that exports table ``table_id`` of the page at ``url``."""
    tree = lxml_html.document_fromstring(client.get(url).text)
    exported = tree.xpath("//table[not(@data-no-export)]")
    [number] = [n for n, t in enumerate(exported, start=1) if t.get("id") == table_id]
    return number


def exported(client: TestClient, url: str, table_id: str) -> list[dict[str, Any]]:
    """The rows of table ``table_id`` exported from ``url`` (its query kept), by header."""
    number = table_number(client, url, table_id)
    glue = "&" if "?" in url else "?"
    response = client.get(f"{url}{glue}export=xlsx&table={number}")
    assert response.status_code == 200, response.text[-500:]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]
