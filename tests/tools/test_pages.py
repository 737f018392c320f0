"""Tool pages: pboc sees every bank; a bank sees only its own batches (DESIGN: who uses it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from beizeng.config import get_settings
from beizeng.institution.service import import_registry, packaged_registry
from beizeng.kit.periods import Period
from beizeng.tools.relending.rules import ClaimLine
from beizeng.tools.relending.service import apply_batch
from tests.account.factories import create_user
from tests.tools.factories import MAKER, import_rows, loan
from tests.web.conftest import Platform


def test_a_bank_sees_its_own_batch_and_not_another_banks(
    platform: Platform, ledger_home: Path
) -> None:
    with platform.session() as s:
        import_registry(s, path=packaged_registry(), settings=get_settings())
        batches = {}
        for code in ("LLRCB", "FYRCB"):
            import_rows(
                s,
                ledger_home,
                code,
                "2022-06",
                [loan("P1", "500000"), loan("P2", "300000", enterprise_size="medium")],
            )
            batches[code] = apply_batch(
                s,
                principal=MAKER,
                programme="relending_smb",
                institution_code=code,
                period=Period(2022, 6),
                term="1y",
                lines=[
                    ClaimLine(2, "P1", Decimal("500000")),
                    ClaimLine(3, "P2", Decimal("300000")),
                ],
                applied_on=date(2022, 7, 1),
            ).id
        create_user(s, "bank", username="llrcbclerk", institution_code="LLRCB")
        create_user(s, "pboc", username="pbocstaff")
        s.commit()
    bank = platform.client("llrcbclerk")
    page = bank.get("/tools")
    assert page.status_code == 200
    assert f'href="/tools/relending/{batches["LLRCB"]}"' in page.text
    assert f'href="/tools/relending/{batches["FYRCB"]}"' not in page.text
    own = bank.get(f"/tools/relending/{batches['LLRCB']}")
    assert own.status_code == 200 and "企业规模「中型」不在支持范围内" in own.text
    assert bank.get(f"/tools/relending/{batches['FYRCB']}").status_code == 404
    staff = platform.client("pbocstaff").get("/tools")
    assert all(f'/tools/relending/{i}"' in staff.text for i in batches.values())
    assert "资金余额" not in page.text  # the funds are for pboc and gov (tools.supervise)
