"""Builders of the first-loan drive's tests: banks with ledgers, list files, accounts."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.kit.periods import Period
from beizeng.models.institution import Institution
from beizeng.outreach import assignment
from tests.account.factories import create_user
from tests.ledger.builders import import_file, row, uscc, write_csv

NOW = datetime(2022, 7, 4, 2, 0, tzinfo=UTC)  # Monday 2022-07-04, 10:00 in Lüliang
HEADER = [
    "统一社会信用代码",
    "名称",
    "主体类型",
    "县区代码",
    "网格",
    "行业代码",
    "注册资本（万元）",
    "成立日期",
    "联系方式",
]


def add_bank(session: Session, code: str, name: str) -> Institution:
    institution = Institution(
        code=code,
        name=name,
        category="large_state_bank",
        legal_scope="national",
        county_code="141102",
        superior=None,
    )
    session.add(institution)
    session.flush()
    return institution


def import_ledger(
    session: Session, tmp: Path, code: str, period: str, loans: Sequence[dict[str, str]]
) -> None:
    path = write_csv(tmp / f"{code}-{period}.csv", loans)
    import_file(session, path, code=code, period=Period.parse(period))


def loan(n: int, borrower: str, county: str, start: str = "2022-01-10") -> dict[str, str]:
    return row(n, borrower_id=borrower, county_code=county, start_date=start)


def entity(
    serial: int, county: str = "141102", grid: str = "", name: str | None = None
) -> list[str]:
    return [
        uscc(serial),
        name or f"吕梁无贷企业{serial}有限公司",
        "企业",
        county,
        grid,
        "F5211",
        "50",
        "2019-03-01",
        "139****0000",
    ]


def write_list(path: Path, rows: Sequence[Sequence[str]], encoding: str = "gbk") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def two_banks(session: Session, tmp: Path) -> tuple[Principal, Principal, Principal, Principal]:
    """ICBCLL lends in 离石 and 柳林, ABCLL in 离石 (2022-06 ledgers); capacities 100 each.
    Returns (pboc, gov, icbc user, abc user)."""
    add_bank(session, "ICBCLL", "中国工商银行吕梁分行")
    add_bank(session, "ABCLL", "中国农业银行吕梁分行")
    import_ledger(
        session,
        tmp,
        "ICBCLL",
        "2022-06",
        [loan(1, uscc(900001), "141102"), loan(2, uscc(900002), "141125")],
    )
    import_ledger(session, tmp, "ABCLL", "2022-06", [loan(3, uscc(900003), "141102")])
    pboc = create_user(session, "pboc")
    gov = create_user(session, "gov")
    icbc = create_user(session, "bank", institution_code="ICBCLL", display_name="工行客户经理")
    abc = create_user(session, "bank", institution_code="ABCLL", display_name="农行客户经理")
    for code in ("ICBCLL", "ABCLL"):
        assignment.set_capacity(session, principal=pboc, institution_code=code, capacity=100)
    return pboc, gov, icbc, abc
