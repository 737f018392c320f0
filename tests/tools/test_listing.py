"""The tools overview's ledgers sorted, filtered and paged on the server, each its own listing
on the one page, and each export every filtered row (issue 14 point 4)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from beizeng.config import get_settings
from beizeng.institution.service import import_registry, packaged_registry
from beizeng.models.fiscal import GuaranteeAgreement, GuaranteedLoan, SubsidyClaim
from beizeng.models.tools import (
    RediscountBill,
    RelendingBatch,
    SupportToolLine,
    SupportToolStatement,
)
from beizeng.tools.guarantee.service import add_agency, report_net_assets
from beizeng.tools.subsidy.service import (
    define_programme_file,
    list_programmes,
    packaged_programmes,
)
from tests.account.factories import create_user
from tests.http.listed import column, exported
from tests.web.conftest import Platform

BANKS = ("LLRCB", "FYRCB")
N = 55
TECH = "TECH-SUB-2022"


@pytest.fixture
def ledgers(platform: Platform, ledger_home: Path) -> Platform:
    """55 batches, bills and TECH claims; row ``n`` of bank ``BANKS[n % 2]``, ``n + 1`` 万元
    (claims: ``n + 1`` 元), the bills maturing ``n`` days after 2022-09-01; and a 2022Q2
    support-tool statement of 55 lines, line ``n`` of bank ``Z<n>`` with ``n + 1`` 万元 more."""
    with platform.session() as s:
        import_registry(s, path=packaged_registry(), settings=get_settings())
        for path in packaged_programmes():
            define_programme_file(s, path=path)
        s.flush()
        [tech] = [p for p in list_programmes(s) if p.code == TECH]
        for n in range(N):
            bank = BANKS[n % 2]
            s.add(
                RelendingBatch(
                    programme="relending_smb",
                    institution_code=bank,
                    period="2022-06",
                    term="1y",
                    status="pending",
                    applied_on=date(2022, 7, 1),
                    eligible_amount=Decimal(10000 * (n + 1)),
                    rate=Decimal("0.02"),
                    entered_by="录入人",
                )
            )
            s.add(
                RediscountBill(
                    institution_code=bank,
                    bill_no=f"B{n:03d}",
                    drawer="出票人",
                    acceptor="承兑人",
                    amount=Decimal(10000 * (n + 1)),
                    maturity_date=date(2022, 9, 1) + timedelta(days=n),
                    applied_on=date(2022, 7, 1),
                    entered_by="录入人",
                )
            )
            s.add(
                SubsidyClaim(
                    programme_id=tech.id,
                    institution_code=bank,
                    period="2022-06",
                    loan_id=f"L{n:03d}",
                    borrower_id=f"91141102MA{n:07d}",
                    borrower_name=f"吕梁企业{n:02d}",
                    principal=Decimal(100000),
                    rate=Decimal("0.04"),
                    days=30,
                    amount=Decimal(n + 1),
                    status="entered",
                    entered_by="录入人",
                )
            )
        statement = SupportToolStatement(
            quarter="2022Q2", rate=Decimal("0.01"), total=Decimal(0), created_by="录入人"
        )
        s.add(statement)
        s.flush()
        for n in range(N):
            s.add(
                SupportToolLine(
                    statement_id=statement.id,
                    institution_code=f"Z{n:02d}",
                    opening=Decimal(0),
                    closing=Decimal(10000 * (n + 1)),
                    increase=Decimal(10000 * (n + 1)),
                    amount=Decimal(100 * (n + 1)),
                )
            )
        create_user(s, "pboc", username="pboc_tools")
        create_user(s, "bank", username="llrcb_tools", institution_code="LLRCB")
        s.commit()
    return platform


def test_each_ledger_pages_fifty_rows_in_its_order(ledgers: Platform) -> None:
    pboc = ledgers.client("pboc_tools")
    ids = column(pboc, "/tools", "batches", 1)
    assert len(ids) == 50 and ids == sorted(ids, key=lambda i: int(i[1:]))
    second = column(pboc, "/tools?batches_page=2", "batches", 1)
    assert len(second) == 5 and second[0] > ids[-1]
    assert column(pboc, "/tools", "bills", 1) == [f"B{n:03d}" for n in range(50)]
    assert column(pboc, "/tools?bills_page=2", "bills", 1) == [f"B{n:03d}" for n in range(50, N)]
    claims = f"claims-{TECH}"
    assert column(pboc, "/tools", claims, 3) == [f"L{n:03d}" for n in range(50)]
    assert column(pboc, f"/tools?claims_{TECH}_page=2", claims, 3)[0] == "L050"
    assert column(pboc, "/tools", "support-lines", 3) == [f"Z{n:02d}" for n in range(50)]
    assert column(pboc, "/tools?support_page=2", "support-lines", 3) == [
        f"Z{n:02d}" for n in range(50, N)
    ]
    # one listing's page leaves the others on theirs
    mixed = f"/tools?bills_page=2&claims_{TECH}_page=1"
    assert column(pboc, mixed, "bills", 1)[0] == "B050"
    assert len(column(pboc, mixed, "batches", 1)) == 50


def test_each_ledger_sorts_and_filters_on_its_own_parameters(ledgers: Platform) -> None:
    pboc = ledgers.client("pboc_tools")
    down = column(pboc, "/tools?bills_sort=maturity&bills_desc=1", "bills", 1)
    assert down[:2] == ["B054", "B053"]
    assert column(pboc, "/tools?bills_sort=maturity&bills_desc=1", "batches", 5)[0] == "1.00"
    assert column(pboc, "/tools?batches_sort=eligible&batches_desc=1", "batches", 5)[:2] == [
        "55.00",
        "54.00",
    ]
    assert column(pboc, "/tools?support_sort=increase&support_desc=1", "support-lines", 3)[:2] == [
        "Z54",
        "Z53",
    ]
    assert column(pboc, "/tools?support_q_bank=Z1", "support-lines", 3) == [
        f"Z{n}" for n in range(10, 20)
    ]
    fenyang = column(pboc, "/tools?bills_q_bank=汾阳", "bills", 1)
    assert fenyang == [f"B{n:03d}" for n in range(1, N, 2)]
    assert len(column(pboc, "/tools?bills_q_bank=汾阳", "batches", 1)) == 50
    borrowers = column(pboc, f"/tools?claims_{TECH}_q_borrower=企业0", f"claims-{TECH}", 4)
    assert borrowers == [f"吕梁企业0{n}" for n in range(10)]


def test_each_ledger_exports_every_filtered_row(ledgers: Platform) -> None:
    pboc = ledgers.client("pboc_tools")
    assert len(exported(pboc, "/tools", "batches")) == N
    lines = exported(pboc, "/tools?support_q_quarter=2022Q2", "support-lines")
    assert len(lines) == N and lines[-1]["激励资金（万元）"] == 0.55
    bills = exported(pboc, "/tools?bills_q_bank=汾阳&bills_sort=amount&bills_desc=1", "bills")
    assert [b["票据号码"] for b in bills] == [f"B{n:03d}" for n in range(N - 2, 0, -2)]
    assert bills[0]["票面金额（万元）"] == 54 and bills[0]["机构代码"] == "FYRCB"
    claims = exported(pboc, f"/tools?claims_{TECH}_q_status=待审批", f"claims-{TECH}")
    assert len(claims) == N


def test_a_bank_lists_only_its_own_rows(ledgers: Platform) -> None:
    bank = ledgers.client("llrcb_tools")
    assert column(bank, "/tools", "bills", 1) == [f"B{n:03d}" for n in range(0, N, 2)]
    assert [r["批次"] for r in exported(bank, "/tools?batches_q_bank=汾阳", "batches")] == [
        "暂无批次"
    ]


def test_the_guarantors_list_pages_sorts_filters_and_exports(
    platform: Platform, ledger_home: Path
) -> None:
    with platform.session() as s:
        for n in range(N):
            code = f"DB{n:02d}"
            add_agency(
                s, code=code, name=f"{'甲' if n % 2 else '乙'}担保{n:02d}", county_code="141102"
            )
            report_net_assets(
                s, agency_code=code, as_of=date(2022, 1, 1), net_assets=Decimal(10000 * (n + 1))
            )
        create_user(s, "pboc", username="pboc_guarantees")
        s.commit()
    pboc = platform.client("pboc_guarantees")
    names = [f"{'甲' if n % 2 else '乙'}担保{n:02d}" for n in range(N)]
    assert column(pboc, "/tools/guarantee", "agencies", 1) == names[:50]  # by code
    assert column(pboc, "/tools/guarantee?page=2", "agencies", 1) == names[50:]
    assert column(pboc, "/tools/guarantee?sort=net_assets&desc=1", "agencies", 3)[:2] == [
        "55.00",
        "54.00",
    ]
    assert column(pboc, "/tools/guarantee?q_agency=甲", "agencies", 1) == names[1::2]
    rows = exported(pboc, "/tools/guarantee?q_agency=乙&sort=agency&desc=1", "agencies")
    assert [r["担保机构"] for r in rows] == names[::2][::-1]
    assert rows[0]["净资产（万元）"] == 55


def test_a_guarantors_loans_page_sort_filter_and_export_every_filtered_loan(
    platform: Platform, ledger_home: Path
) -> None:
    with platform.session() as s:
        agency = add_agency(s, code="DBX", name="吕梁测试担保", county_code="141102")
        agreement = GuaranteeAgreement(
            agency_id=agency.id,
            institution_code="LLRCB",
            bank_share=Decimal("0.2"),
            fee_rate=Decimal("0.01"),
            effective_from=date(2022, 1, 1),
        )
        s.add(agreement)
        s.flush()
        for n in range(N):
            s.add(
                GuaranteedLoan(
                    agreement_id=agreement.id,
                    loan_id=f"G{n:03d}",
                    borrower_id=f"B{n:03d}",
                    borrower_name=f"{'甲' if n % 2 else '乙'}企业{n:02d}",
                    amount=Decimal(10000 * (n + 1)),
                    start_date=date(2022, 1, 1) + timedelta(days=n),
                    end_date=date(2023, 1, 1),
                    fee=Decimal(100),
                    fee_subsidy=Decimal(0),
                    status="released" if n % 5 == 0 else "in_force",
                )
            )
        create_user(s, "pboc", username="pboc_book")
        s.commit()
    pboc = platform.client("pboc_book")
    page = "/tools/guarantee/DBX"
    loans = [f"G{n:03d}" for n in range(N)]
    assert column(pboc, page, "guaranteed", 1) == loans[:50]
    assert column(pboc, f"{page}?loans_page=2", "guaranteed", 1) == loans[50:]
    assert column(pboc, f"{page}?loans_sort=amount&loans_desc=1", "guaranteed", 1)[:2] == [
        "G054",
        "G053",
    ]
    assert column(pboc, f"{page}?loans_q_status=已解除", "guaranteed", 1) == loans[::5]
    rows = exported(pboc, f"{page}?loans_q_borrower=甲", "guaranteed")
    assert [r["借据编号"] for r in rows] == loans[1::2]
    assert rows[0]["担保金额（万元）"] == 2
