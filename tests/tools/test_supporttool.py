"""The support tool from hand-built ledgers imported through the real import (C-3.2.1)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng.kit.periods import Quarter
from beizeng.models.audit import AuditEntry
from beizeng.tools.supporttool.errors import LedgersMissing
from beizeng.tools.supporttool.rules import statement_json
from beizeng.tools.supporttool.service import issue_statement, stored_statement
from tests.tools.factories import import_rows, loan


def _ledgers(session: Session, home: Path) -> None:
    # LLRCB (local rural bank): inclusive 3,000,000 at 2021-12, 3,500,000.50 at 2022-03,
    # 3,200,000.50 at 2022-06 (a fall in Q2). A medium firm's loan is never inclusive.
    import_rows(
        session,
        home,
        "LLRCB",
        "2021-12",
        [
            loan("L1", "2000000"),
            loan("L2", "1000000"),
            loan("M9", "9000000", enterprise_size="medium"),
        ],
    )
    import_rows(
        session,
        home,
        "LLRCB",
        "2022-03",
        [
            loan("L1", "2000000"),
            loan("L2", "1000000"),
            loan("L3", "500000.50"),
            loan("M9", "8000000", enterprise_size="medium"),
        ],
    )
    import_rows(
        session,
        home,
        "LLRCB",
        "2022-06",
        [
            loan("L1", "1700000"),
            loan("L2", "1000000"),
            loan("L3", "500000.50"),
        ],
    )
    # FYRCB: 1,234,567.89 → 2,000,000.00 in Q1 and → 2,400,000.33 in Q2; a consumption loan
    # and a 10,000,000 credit line (outside the PBoC caliber) do not count.
    import_rows(
        session,
        home,
        "FYRCB",
        "2021-12",
        [
            loan("F1", "1234567.89"),
            loan("F2", "300000", purpose="consumption"),
        ],
    )
    import_rows(
        session,
        home,
        "FYRCB",
        "2022-03",
        [
            loan("F1", "2000000"),
            loan("F4", "700000", credit_line="10000000"),
        ],
    )
    import_rows(session, home, "FYRCB", "2022-06", [loan("F1", "2000000"), loan("F5", "400000.33")])
    # A national bank's ledgers are not in the tool.
    import_rows(session, home, "ICBCLL", "2021-12", [loan("I1", "100")])
    import_rows(session, home, "ICBCLL", "2022-03", [loan("I1", "900000")])


def test_q1_pays_one_percent_and_q2_two_percent_of_the_increase(
    registry: Session, ledger_home: Path
) -> None:
    _ledgers(registry, ledger_home)
    q1 = issue_statement(registry, quarter=Quarter(2022, 1))
    lines = {line.institution: line for line in q1.statement.lines}
    assert set(lines) == {"FYRCB", "LLRCB"}
    # LLRCB 3,500,000.50 − 3,000,000 = 500,000.50; × 1% = 5,000.005 → 5,000.01 (half-up).
    assert lines["LLRCB"].increase == Decimal("500000.50")
    assert lines["LLRCB"].amount == Decimal("5000.01")
    # FYRCB 2,000,000 − 1,234,567.89 = 765,432.11; × 1% = 7,654.3211 → 7,654.32.
    assert lines["FYRCB"].increase == Decimal("765432.11")
    assert lines["FYRCB"].amount == Decimal("7654.32")
    assert q1.statement.total == Decimal("12654.33")

    q2 = issue_statement(registry, quarter=Quarter(2022, 2))
    data = statement_json(q2.statement)
    assert data["rate"] == "0.02"
    by_bank = {line["institution"]: line for line in data["lines"]}
    assert by_bank["LLRCB"]["increase"] == "-300000.00"
    assert by_bank["LLRCB"]["amount"] == "0.00"  # a fall counts as zero by default
    assert by_bank["FYRCB"]["opening"] == "2000000.00"
    assert by_bank["FYRCB"]["amount"] == "8000.01"  # 400,000.33 × 2% = 8,000.0066
    assert data["total"] == by_bank["FYRCB"]["amount"]


def test_a_statement_is_stored_once_and_reproduced_from_the_ledgers(
    registry: Session, ledger_home: Path
) -> None:
    _ledgers(registry, ledger_home)
    first = issue_statement(registry, quarter=Quarter(2022, 1))
    again = issue_statement(registry, quarter=Quarter(2022, 1))
    assert first.new and not again.new and again.version == 1
    assert stored_statement(registry, quarter=Quarter(2022, 1)).statement == first.statement
    # A resubmitted closing ledger makes a second version.
    import_rows(registry, ledger_home, "FYRCB", "2022-03", [loan("F1", "2100000")])
    third = issue_statement(registry, quarter=Quarter(2022, 1))
    assert third.new and third.version == 2
    actions = registry.scalars(
        select(AuditEntry.object_type).where(AuditEntry.object_type == "SupportToolStatement")
    ).all()
    assert len(actions) == 2


def test_a_bank_missing_one_end_of_the_quarter_is_named(
    registry: Session, ledger_home: Path
) -> None:
    import_rows(registry, ledger_home, "LLRCB", "2022-03", [loan("L1", "100")])
    with pytest.raises(LedgersMissing, match="LLRCB（缺 2021-12）"):
        issue_statement(registry, quarter=Quarter(2022, 1))
