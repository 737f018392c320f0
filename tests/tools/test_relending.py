"""Relending batches against imported ledgers: eligibility with reasons, refusals, draws (C-3.2.2,
C-3.2.4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.errors import DataInvalid
from beizeng.kit.approval import MakerIsChecker
from beizeng.kit.periods import Period
from beizeng.models.audit import AuditEntry
from beizeng.models.tools import RelendingBatch, RelendingItem
from beizeng.tools.demo import DECIDED_AT
from beizeng.tools.parameter.rules import ParameterValue
from beizeng.tools.parameter.service import load_values, parameter_book
from beizeng.tools.relending.errors import (
    BatchStateInvalid,
    InstitutionNotEligible,
    QuotaExceeded,
)
from beizeng.tools.relending.rules import ClaimLine
from beizeng.tools.relending.service import (
    apply_batch,
    approve_batch,
    early_exits,
    relending_balance_by_bank,
    repay,
    rollover,
)
from tests.tools.factories import CHECKER, MAKER, import_rows, loan, uscc

JUNE = Period(2022, 6)


def _ledger(session: Session, home: Path) -> None:
    parameter_book(session)  # the shipped defaults, loaded before anything is counted
    import_rows(
        session,
        home,
        "LLRCB",
        "2022-06",
        [
            loan("R1", "800000"),
            loan(
                "R2",
                "1200000.50",
                borrower_type="individual_business",
                enterprise_size="",
                ownership="",
                borrower_id=uscc(2, "92"),
            ),
            loan("R3", "3000000", enterprise_size="medium"),  # size
            loan("R4", "500000", purpose="consumption"),  # not inclusive
            loan(
                "R5", "400000", start_date="2022-05-01", maturity_date="2022-06-30"
            ),  # 1 month term
            loan("R6", "600000", interest_rate="0.0650"),  # above the 6% cap
        ],
    )


def _lines(*pairs: tuple[str, str]) -> list[ClaimLine]:
    return [
        ClaimLine(row=n, loan_id=i, balance=Decimal(b)) for n, (i, b) in enumerate(pairs, start=2)
    ]


def _booked(session: Session) -> tuple[int, int, int]:
    return (
        session.scalar(select(func.count()).select_from(RelendingBatch)) or 0,
        session.scalar(select(func.count()).select_from(RelendingItem)) or 0,
        session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
    )


def _apply(session: Session, lines: list[ClaimLine], **kw: object) -> object:
    args: dict[str, object] = {
        "principal": MAKER,
        "programme": "relending_smb",
        "institution_code": "LLRCB",
        "period": JUNE,
        "term": "1y",
        "lines": lines,
        "applied_on": date(2022, 7, 5),
    }
    args.update(kw)
    return apply_batch(session, **args)  # type: ignore[arg-type]


def test_a_batch_books_the_eligible_loans_and_lists_the_rest_with_reasons(
    registry: Session, ledger_home: Path
) -> None:
    _ledger(registry, ledger_home)
    batch = _apply(
        registry,
        _lines(
            ("R1", "800000"),
            ("R2", "1200000.50"),
            ("R3", "3000000"),
            ("R4", "500000"),
            ("R5", "400000"),
        ),
    )
    assert batch.eligible_amount == Decimal("800000") + Decimal("1200000.50")  # 100% funding share
    assert batch.rate == Decimal("0.02") and batch.status == "pending"
    reasons = {i.loan_id: i.reasons for i in batch.ineligible}
    assert set(reasons) == {"R3", "R4", "R5"}
    assert "企业规模「中型」" in reasons["R3"]
    assert "不是普惠小微贷款" in reasons["R4"]
    assert "贷款期限 1 个月短于 3 个月" in reasons["R5"]

    registry.info["actor"] = "checker"
    drawn = approve_batch(
        registry, principal=CHECKER, batch_id=batch.id, draw_date=date(2022, 7, 8), now=DECIDED_AT
    )
    assert drawn.status == "approved" and drawn.maturity_date == date(2023, 7, 8)
    assert drawn.approved_by == "checker" and drawn.entered_by == "maker"
    assert relending_balance_by_bank(registry, JUNE) == {}
    assert relending_balance_by_bank(registry, Period(2022, 7)) == {"LLRCB": Decimal("2000000.50")}
    repay(
        registry,
        principal=MAKER,
        batch_id=batch.id,
        amount=Decimal("500000"),
        repaid_on=date(2022, 8, 10),
    )
    assert relending_balance_by_bank(registry, Period(2022, 7)) == {"LLRCB": Decimal("2000000.50")}
    assert relending_balance_by_bank(registry, Period(2022, 8)) == {"LLRCB": Decimal("1500000.50")}
    who = registry.scalars(
        select(AuditEntry.actor).where(AuditEntry.object_type == "RelendingBatch")
    ).all()
    assert "test" in who and "checker" in who


def test_each_integrity_problem_refuses_the_batch_and_books_nothing(
    registry: Session, ledger_home: Path
) -> None:
    _ledger(registry, ledger_home)
    before = _booked(registry)
    cases = {
        "不在本行 2022-06 的现行台账中": _lines(("R1", "800000"), ("NOPE", "100")),
        "申报余额与台账余额 800000.00 元不一致": _lines(("R1", "799999")),
        "高于支小再贷款支持贷款的利率上限 6.00%": _lines(("R1", "800000"), ("R6", "600000")),
        "在本批次中重复申报（第 2 行）": _lines(("R1", "800000"), ("R1", "800000")),
    }
    for message, lines in cases.items():
        with pytest.raises(DataInvalid, match=message):
            _apply(registry, lines)
        assert _booked(registry) == before


def test_a_loan_claimed_in_a_second_batch_is_refused(registry: Session, ledger_home: Path) -> None:
    _ledger(registry, ledger_home)
    first = _apply(registry, _lines(("R1", "800000")))
    before = _booked(registry)
    with pytest.raises(DataInvalid, match=f"已在第 {first.id} 号支小再贷款批次中申报"):
        _apply(registry, _lines(("R2", "1200000.50"), ("R1", "800000")))
    assert _booked(registry) == before


def test_a_draw_past_the_quota_is_refused(registry: Session, ledger_home: Path) -> None:
    _ledger(registry, ledger_home)
    load_values(
        registry,
        [ParameterValue("relending_smb", "quota", "LLRCB", date(2022, 7, 1), None, "1000000")],
    )
    before = _booked(registry)
    with pytest.raises(QuotaExceeded, match="额度为 1,000,000.00 元"):
        _apply(registry, _lines(("R1", "800000"), ("R2", "1200000.50")))
    assert _booked(registry) == before
    assert _apply(registry, _lines(("R1", "800000"))).eligible_amount == Decimal("800000")


def test_the_person_who_entered_a_batch_cannot_approve_it(
    registry: Session, ledger_home: Path
) -> None:
    _ledger(registry, ledger_home)
    batch = _apply(registry, _lines(("R1", "800000")))
    before = _booked(registry)
    with pytest.raises(MakerIsChecker, match="须由另一人审批"):
        approve_batch(
            registry, principal=MAKER, batch_id=batch.id, draw_date=date(2022, 7, 8), now=DECIDED_AT
        )
    assert _booked(registry) == before
    assert relending_balance_by_bank(registry, Period(2022, 12)) == {}


def test_carbon_tool_funds_sixty_percent_for_eligible_national_banks(
    registry: Session, ledger_home: Path
) -> None:
    import_rows(
        registry,
        ledger_home,
        "CCBLL",
        "2022-06",
        [
            loan(
                "C1",
                "10000000",
                enterprise_size="large",
                credit_line="50000000",
                green="是",
                maturity_date="2026-06-14",
            ),
            loan("C2", "2000000", enterprise_size="large", credit_line="50000000", green="是"),
        ],
    )
    lines = [
        ClaimLine(2, "C1", Decimal("10000000"), "clean_energy", Decimal("12500.5")),
        ClaimLine(3, "C2", Decimal("2000000"), "tourism", None),
    ]
    batch = _apply(registry, lines, programme="carbon", institution_code="CCBLL")
    assert batch.eligible_amount == Decimal("6000000.00") and batch.rate == Decimal("0.0175")
    (c2,) = batch.ineligible
    assert "项目类别「tourism」不在支持领域内" in c2.reasons and "未披露项目碳减排量" in c2.reasons
    registry.info["actor"] = "checker"
    approve_batch(
        registry, principal=CHECKER, batch_id=batch.id, draw_date=date(2022, 7, 1), now=DECIDED_AT
    )
    assert rollover(registry, principal=CHECKER, batch_id=batch.id).maturity_date == date(
        2024, 7, 1
    )
    assert rollover(registry, principal=CHECKER, batch_id=batch.id).rollovers == 2
    with pytest.raises(BatchStateInvalid) as refused:
        rollover(registry, principal=CHECKER, batch_id=batch.id)
    assert refused.value.message == f"碳减排支持工具最多展期 2 次，批次 {batch.id} 已展期 2 次。"
    assert refused.value.status == 409
    with pytest.raises(InstitutionNotEligible, match="不在碳减排支持工具"):
        _apply(registry, [], programme="carbon", institution_code="LLRCB")


def test_a_funded_loan_that_leaves_the_ledger_early_is_flagged(
    registry: Session, ledger_home: Path
) -> None:
    _ledger(registry, ledger_home)
    batch = _apply(registry, _lines(("R1", "800000"), ("R2", "1200000.50")))
    registry.info["actor"] = "checker"
    approve_batch(
        registry, principal=CHECKER, batch_id=batch.id, draw_date=date(2022, 7, 8), now=DECIDED_AT
    )
    import_rows(registry, ledger_home, "LLRCB", "2022-09", [loan("R1", "700000")])
    flags = early_exits(registry, period=Period(2022, 9))
    assert [(f.batch_id, f.loan_id) for f in flags] == [(batch.id, "R2")]
