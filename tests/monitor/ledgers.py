"""Hand-built Lüliang ledgers for monitoring tests, imported through the real ledger import.

Two banks: ``BANKA`` (a national bank's branch in 离石区) and ``BANKB`` (a local legal-person bank
in 文水县). Every number a test expects is worked out in the test from these rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.config import get_settings
from beizeng.institution.repository import InstitutionRepository
from beizeng.kit.periods import Period
from beizeng.models.institution import Institution
from beizeng.monitor.plan import Plan, parse_plan
from beizeng.stats.service import import_stats
from tests.ledger.builders import import_file, resident_id, row, uscc, write_csv


def add_banks(session: Session) -> None:
    repo = InstitutionRepository(session)
    repo.add(
        Institution(
            code="BANKA",
            name="甲银行吕梁分行",
            category="large_state_bank",
            legal_scope="national",
            county_code="141102",
            superior="甲银行山西省分行",
        )
    )
    repo.add(
        Institution(
            code="BANKB",
            name="乙农商银行",
            category="rural_bank",
            legal_scope="local",
            county_code="141121",
            superior="山西省农村信用社联合社",
        )
    )
    session.flush()


def import_rows(
    session: Session, folder: Path, code: str, period: str, rows: Sequence[dict[str, str]]
) -> None:
    """Write ``rows`` as a contract CSV and import it as ``code``'s snapshot at ``period``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = write_csv(folder / f"{code}-{period}.csv", rows)
    import_file(session, path, code=code, period=Period.parse(period))


def import_statistics(
    session: Session, folder: Path, rows: Sequence[tuple[str, str, str, str]]
) -> None:
    """Import institution statistics given as (period, institution_code, metric, value)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "stats.csv"
    lines = ["period,institution_code,metric,value", *(",".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_stats(session, path=path, settings=get_settings())


E1, E2, E9 = uscc(1), uscc(2), uscc(9)
X, Y = uscc(100, "92"), uscc(101, "92")
P = resident_id(7)


def ledger_2022() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    bank_a = [
        row(1, borrower_id=E1, credit_line="10000000.00", balance="1000000.00"),
        row(
            2,
            borrower_id=E2,
            enterprise_size="micro",
            credit_line="9999999.99",
            balance="500000.00",
            first_loan="是",
            start_date="2021-06-01",
            maturity_date="2023-06-01",
        ),
        row(
            3,
            borrower_id=Y,
            borrower_type="individual_business",
            enterprise_size="",
            ownership="",
            industry_code="F5212",
            purpose="consumption",
            credit_line="100000.00",
            balance="50000.00",
            guarantee_type="guarantee",
        ),
        row(
            4,
            enterprise_size="medium",
            ownership="state",
            credit_line="50000000.00",
            balance="2000000.00",
            start_date="2022-01-15",
            maturity_date="2023-01-15",
            guarantee_type="mortgage",
        ),
        row(
            5,
            enterprise_size="large",
            ownership="state",
            credit_line="80000000.00",
            balance="3000000.00",
            start_date="2022-01-15",
            maturity_date="2023-01-16",
            guarantee_type="mortgage",
        ),
        row(
            6,
            borrower_id=P,
            borrower_type="micro_owner",
            enterprise_size="",
            ownership="",
            industry_code="F5212",
            credit_line="300000.00",
            balance="0.00",
            guarantee_type="guarantee",
        ),
        row(
            7,
            borrower_id=X,
            borrower_type="individual_business",
            enterprise_size="",
            ownership="",
            industry_code="F5212",
            credit_line="200000.00",
            balance="100000.00",
            guarantee_type="guarantee",
            first_loan="是",
            start_date="2022-03-01",
        ),
    ]
    bank_b = [
        row(
            8,
            borrower_id=X,
            borrower_type="individual_business",
            enterprise_size="",
            ownership="",
            industry_code="F5212",
            county_code="141121",
            credit_line="200000.00",
            balance="150000.00",
            guarantee_type="guarantee",
            first_loan="是",
            start_date="2022-05-01",
        ),
        row(
            9,
            borrower_id=E9,
            industry_code="H6210",
            county_code="141121",
            credit_line="1000000.00",
            balance="400000.00",
            guarantee_type="guarantee",
            green="是",
        ),
    ]
    return bank_a, bank_b


def ledger_2021() -> list[dict[str, str]]:
    """A year earlier only bank A reported: L4's predecessor and L2 at 400,000."""
    return [
        row(
            2,
            borrower_id=E2,
            enterprise_size="micro",
            credit_line="9999999.99",
            balance="400000.00",
            first_loan="是",
            start_date="2021-06-01",
            maturity_date="2023-06-01",
        ),
        row(
            4,
            enterprise_size="medium",
            ownership="state",
            credit_line="50000000.00",
            balance="2000000.00",
            start_date="2021-01-15",
            maturity_date="2022-01-15",
            guarantee_type="mortgage",
        ),
    ]


def import_example(session: Session, folder: Path) -> None:
    """The ledgers of 2022-12 (both banks) and 2021-12 (bank A), with bank A's deposits."""
    bank_a, bank_b = ledger_2022()
    import_rows(session, folder, "BANKA", "2022-12", bank_a)
    import_rows(session, folder, "BANKB", "2022-12", bank_b)
    import_rows(session, folder, "BANKA", "2021-12", ledger_2021())
    import_statistics(
        session,
        folder,
        [("2022-12", "BANKA", "deposits", "10000000"), ("2021-12", "BANKA", "deposits", "8000000")],
    )


def above_a_year_earlier(
    target_id: str, title: str, metric: str, subjects: Sequence[str] = ("banks",)
) -> str:
    """The TOML of a target: ``metric`` above its value a year earlier, for ``subjects``.

    On ``import_example`` bank A's 2022 first-loan borrowers (X) equal 2021's (E2), so it fails
    such a target on ``first_loan_borrowers``; its loans (665万 > 240万) meet one on ``loans``;
    bank B, without 2021-12, cannot be judged."""
    return (
        f'[[targets]]\nid = "{target_id}"\ntitle = "{title}"\n'
        f"subjects = {json.dumps(list(subjects), ensure_ascii=False)}\n"
        f'left = {{ metric = "{metric}" }}\nop = ">"\n'
        f'right = {{ metric = "{metric}", measure = "previous" }}\n'
    )


def plan_of(*targets: str) -> Plan:
    """A 2022 plan of ``targets`` (TOML, e.g. ``above_a_year_earlier``), parsed as ``t.toml``."""
    head = 'id = "t"\ntitle = "测试计划"\nyear = 2022\n'
    return parse_plan(head + "".join(targets), source="t.toml")
