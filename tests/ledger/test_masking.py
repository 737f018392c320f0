"""A rejected ledger never echoes a borrower's whole resident ID (JR/T 0171-2020, 7.1.2): the
message, the CLI's lines and the error workbook show it masked; row, column and rule suffice."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from beizeng.config import get_settings
from beizeng.kit.periods import Period
from beizeng.ledger import rules, service
from beizeng.ledger.errors import LedgerInvalid
from beizeng.models.institution import Institution
from beizeng.reference.identifiers import mask_resident_id
from tests.ledger.builders import IMPORTED_AT, resident_id, row, write_csv, write_xlsx

JUNE = Period.parse("2022-06")


def _person(n: int, **overrides: str) -> dict[str, str]:
    """A valid consumer loan of a person (the borrower carries a resident ID)."""
    values = {
        "borrower_id": resident_id(n, born="19850315"),
        "borrower_name": f"张{n}",
        "borrower_type": "personal",
        "enterprise_size": "",
        "ownership": "",
    }
    values.update(overrides)
    return row(n, **values)


def _reject(path: Path, out: Path, session: Session) -> LedgerInvalid:
    with pytest.raises(LedgerInvalid) as caught:
        service.import_ledger(
            session,
            settings=get_settings(),
            now=IMPORTED_AT,
            path=path,
            institution_code="ICBCLL",
            period=JUNE,
            errors_out=out,
        )
    return caught.value


def _workbook_text(path: Path) -> str:
    book = load_workbook(path)
    cells: list[str] = []
    for sheet in book.worksheets:
        for values in sheet.iter_rows(values_only=True):
            cells += [str(v) for v in values if v is not None]
        for line in sheet.iter_rows():
            cells += [c.comment.text for c in line if c.comment is not None]
    return "\n".join(cells)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_rejected_ledger_masks_every_resident_id_in_the_message_and_the_workbook(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path, kind: str
) -> None:
    valid = resident_id(11, born="19850315")
    body = valid[:17]
    broken = body + ("0" if valid[-1] != "0" else "1")  # wrong check character
    pasted = resident_id(12, born="19900101")
    rows = [
        _person(1, borrower_id=broken),  # the id itself is wrong
        _person(2, borrower_id=valid, balance="-5"),  # another cell of a person's row
        _person(3, borrower_id=pasted, borrower_name=pasted, purpose="其他"),
    ]
    path = (
        write_csv(tmp_path / "bad.csv", rows)
        if kind == "csv"
        else write_xlsx(tmp_path / "bad.xlsx", rows, chinese=False)
    )
    out = tmp_path / "errors.xlsx"
    refused = _reject(path, out, session)
    texts = [refused.message, *(p.describe() for p in refused.problems), _workbook_text(out)]
    for whole in (valid, broken, pasted):
        for text in texts:
            assert whole not in text
    assert f"第 2 行，列「borrower_id」，值「{mask_resident_id(broken)}」" in refused.message
    assert "公民身份号码校验码错误" in refused.message
    assert "第 3 行，列「balance」，值「-5」：金额不能为负数" in refused.message
    offending = load_workbook(out)["出错行"]
    column = 2 + list(rules.COLUMN_NAMES).index("borrower_id")
    shown = [offending.cell(row=r, column=column).value for r in (2, 3, 4)]
    assert shown == [mask_resident_id(broken), mask_resident_id(valid), mask_resident_id(pasted)]


def test_an_enterprise_uscc_stays_readable_in_the_error_report(
    session: Session, bank: Institution, ledger_home: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "bad.csv", [row(1, balance="1,000.00")])
    out = tmp_path / "errors.xlsx"
    _reject(path, out, session)
    offending = load_workbook(out)["出错行"]
    column = 2 + list(rules.COLUMN_NAMES).index("borrower_id")
    assert offending.cell(row=2, column=column).value == row(1)["borrower_id"]
