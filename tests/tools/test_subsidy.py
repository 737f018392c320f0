"""Subsidy and risk-compensation programmes through maker-checker (C-3.3.4, C-3.4.4, C-4.3.1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.kit.approval import MakerIsChecker
from beizeng.kit.periods import Period
from beizeng.models.fiscal import SubsidyClaim, SubsidyFundEntry
from beizeng.tools.demo import DECIDED_AT
from beizeng.tools.subsidy.errors import (
    CapReached,
    ClaimDuplicate,
    ClaimIneligible,
    FundInsufficient,
)
from beizeng.tools.subsidy.service import (
    ClaimInput,
    approve_claim,
    define_programme_file,
    deposit,
    enter_claim,
    fund,
    packaged_programmes,
    pay_claim,
)
from tests.tools.factories import CHECKER, MAKER, import_rows, loan

JUNE = Period(2022, 6)
TECH = "TECH-SUB-2022"


def _setup(session: Session, home: Path) -> None:
    for path in packaged_programmes():
        define_programme_file(session, path=path)
    import_rows(
        session,
        home,
        "LLRCB",
        "2022-06",
        [
            loan("T1", "1000000"),  # C3011 small firm
            loan("T2", "9000000", credit_line="9000000"),  # large balance: hits the cap
            loan("T3", "500000", industry_code="F5211"),  # retail: not in C/I/M
            loan("T4", "400000", industry_code="A0111", first_loan="是"),
        ],
    )


def _count(session: Session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count()).select_from(SubsidyClaim)) or 0,
        session.scalar(select(func.count()).select_from(SubsidyFundEntry)) or 0,
    )


def test_an_interest_subsidy_runs_through_maker_checker_and_is_paid_from_the_fund(
    registry: Session, ledger_home: Path
) -> None:
    _setup(registry, ledger_home)
    deposit(
        registry,
        principal=MAKER,
        programme_code=TECH,
        amount=Decimal("100000"),
        on=date(2022, 7, 1),
    )
    claim = enter_claim(
        registry, principal=MAKER, claim=ClaimInput(TECH, "LLRCB", JUNE, "T1", days=91)
    )
    # 1,000,000 × 3.70% × 91 / 360 × 50% = 4,676.388… → 4,676.39
    assert claim.amount == Decimal("4676.39")
    with pytest.raises(MakerIsChecker, match="须由另一人审批"):
        approve_claim(registry, principal=MAKER, claim_id=claim.id, now=DECIDED_AT)
    registry.info["actor"] = "checker"
    approve_claim(registry, principal=CHECKER, claim_id=claim.id, now=DECIDED_AT)
    assert fund(registry, programme_code=TECH).available == Decimal(
        "95323.61"
    )  # 100,000 − 4,676.39
    pay_claim(registry, principal=CHECKER, claim_id=claim.id, on=date(2022, 7, 15))
    state = fund(registry, programme_code=TECH)
    assert state.balance == Decimal("95323.61") and state.committed == 0
    assert claim.status == "paid" and claim.approved_by == "checker" and claim.entered_by == "maker"


def test_the_subsidy_is_capped_per_enterprise(registry: Session, ledger_home: Path) -> None:
    _setup(registry, ledger_home)
    # 9,000,000 × 3.70% × 360/360 × 50% = 166,500 < 200,000; then 360 days more would pass it.
    first = enter_claim(
        registry, principal=MAKER, claim=ClaimInput(TECH, "LLRCB", JUNE, "T2", days=360)
    )
    assert first.amount == Decimal("166500.00")
    import_rows(
        registry,
        ledger_home,
        "LLRCB",
        "2022-07",
        [
            loan("T2", "9000000", credit_line="9000000"),
            loan("T5", "9000000", credit_line="9000000", borrower_id=first.borrower_id),
        ],
    )
    second = enter_claim(
        registry, principal=MAKER, claim=ClaimInput(TECH, "LLRCB", Period(2022, 7), "T5", days=360)
    )
    assert second.amount == Decimal("200000") - Decimal("166500.00")
    import_rows(
        registry,
        ledger_home,
        "LLRCB",
        "2022-08",
        [loan("T6", "100000", borrower_id=first.borrower_id)],
    )
    with pytest.raises(CapReached):
        enter_claim(
            registry,
            principal=MAKER,
            claim=ClaimInput(TECH, "LLRCB", Period(2022, 8), "T6", days=30),
        )


def test_refusals_leave_nothing_booked(registry: Session, ledger_home: Path) -> None:
    _setup(registry, ledger_home)
    deposit(
        registry,
        principal=MAKER,
        programme_code="AGRI-RC-2022",
        amount=Decimal("100000"),
        on=date(2022, 7, 1),
    )
    enter_claim(registry, principal=MAKER, claim=ClaimInput(TECH, "LLRCB", JUNE, "T1", days=30))
    before = _count(registry)
    with pytest.raises(ClaimDuplicate, match="已在本项目第 .* 号申请中申报"):
        enter_claim(registry, principal=MAKER, claim=ClaimInput(TECH, "LLRCB", JUNE, "T1", days=30))
    with pytest.raises(ClaimIneligible, match="行业门类「F」不在项目支持范围内"):
        enter_claim(registry, principal=MAKER, claim=ClaimInput(TECH, "LLRCB", JUNE, "T3", days=30))
    with pytest.raises(ClaimIneligible, match="不在 LLRCB 2022-06 的现行台账中"):
        enter_claim(
            registry, principal=MAKER, claim=ClaimInput(TECH, "LLRCB", JUNE, "NOPE", days=30)
        )
    assert _count(registry) == before
    # Risk compensation: 400,000 × 40% = 160,000 > the fund's 100,000: approval refused.
    big = enter_claim(
        registry,
        principal=MAKER,
        claim=ClaimInput("AGRI-RC-2022", "LLRCB", JUNE, "T4", loss=Decimal("400000")),
    )
    assert big.amount == Decimal("160000.00")
    before = _count(registry)
    registry.info["actor"] = "checker"
    with pytest.raises(FundInsufficient, match="可用余额 100,000.00 元"):
        approve_claim(registry, principal=CHECKER, claim_id=big.id, now=DECIDED_AT)
    assert _count(registry) == before and big.status == "entered"
    assert fund(registry, programme_code="AGRI-RC-2022").balance == Decimal("100000")
