"""Government financing guarantees on ledger loans: leverage, 总对总 sharing, 代偿 (C-4.2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from beizeng.kit.periods import Period
from beizeng.tools.guarantee.errors import GuaranteeConflict, GuaranteeInvalid
from beizeng.tools.guarantee.service import (
    add_agency,
    add_agreement,
    compensate,
    guarantee_loan,
    leverage_alerts,
    leverage_series,
    recover,
    release,
    report_net_assets,
)
from tests.tools.factories import import_rows, loan

JUNE = Period(2022, 6)


def _setup(session: Session, home: Path) -> None:
    import_rows(
        session,
        home,
        "LLRCB",
        "2022-06",
        [
            loan("G1", "6000000"),
            loan("G2", "3000000"),
            loan("G3", "2000000"),
        ],
    )
    add_agency(session, code="LLDB", name="吕梁市融资担保有限公司", county_code="141102")
    report_net_assets(
        session, agency_code="LLDB", as_of=date(2022, 1, 1), net_assets=Decimal("1000000")
    )
    add_agreement(
        session,
        agency_code="LLDB",
        institution_code="LLRCB",
        bank_share=Decimal("0.2"),
        fee_rate=Decimal("0.01"),
        fee_subsidy_rate=Decimal("0.5"),
        effective_from=date(2022, 1, 1),
    )


def test_leverage_over_time_follows_the_balance_in_force_and_net_assets(
    registry: Session, ledger_home: Path
) -> None:
    _setup(registry, ledger_home)
    g1 = guarantee_loan(
        registry,
        agency_code="LLDB",
        institution_code="LLRCB",
        period=JUNE,
        loan_id="G1",
        start=date(2022, 7, 1),
        end=date(2023, 7, 1),
    )
    assert g1.amount == Decimal("6000000")
    assert g1.fee == Decimal("60000.00") and g1.fee_subsidy == Decimal("30000.00")  # 1% × 365/365
    g2 = guarantee_loan(
        registry,
        agency_code="LLDB",
        institution_code="LLRCB",
        period=JUNE,
        loan_id="G2",
        start=date(2022, 8, 1),
        end=date(2023, 2, 1),
    )
    guarantee_loan(
        registry,
        agency_code="LLDB",
        institution_code="LLRCB",
        period=JUNE,
        loan_id="G3",
        start=date(2022, 9, 1),
        end=date(2023, 9, 1),
    )
    report_net_assets(
        registry, agency_code="LLDB", as_of=date(2022, 10, 1), net_assets=Decimal("1250000")
    )
    release(registry, guaranteed_loan_id=g2.id, on=date(2022, 11, 15))
    days = [
        date(2022, 7, 31),
        date(2022, 8, 31),
        date(2022, 9, 30),
        date(2022, 10, 31),
        date(2022, 11, 30),
    ]
    points = leverage_series(registry, agency_code="LLDB", dates=days)
    assert [p.balance for p in points] == [Decimal(x) for x in (6e6, 9e6, 11e6, 11e6, 8e6)]
    assert [p.leverage for p in points] == [
        Decimal("6"),
        Decimal("9"),
        Decimal("11"),
        Decimal("8.8"),
        Decimal("6.4"),
    ]
    assert [p.over_cap for p in points] == [False, False, True, False, False]  # cap 10×
    (alert,) = leverage_alerts(registry, on=date(2022, 9, 30))
    assert "放大倍数为 11.00 倍，超过上限 10 倍" in alert.message
    assert leverage_alerts(registry, on=date(2022, 10, 31)) == []


def test_compensation_is_shared_twenty_eighty_and_recoveries_in_proportion(
    registry: Session, ledger_home: Path
) -> None:
    _setup(registry, ledger_home)
    g = guarantee_loan(
        registry,
        agency_code="LLDB",
        institution_code="LLRCB",
        period=JUNE,
        loan_id="G2",
        start=date(2022, 7, 1),
        end=date(2023, 7, 1),
    )
    comp = compensate(
        registry, guaranteed_loan_id=g.id, loss=Decimal("2500000.01"), paid_on=date(2023, 1, 5)
    )
    assert comp.agency_part == Decimal("2000000.01") and comp.bank_part == Decimal("500000.00")
    assert comp.agency_part + comp.bank_part == comp.loss
    recover(registry, compensation_id=comp.id, amount=Decimal("100000"))
    assert comp.recovered == Decimal("80000.00")
    with pytest.raises(GuaranteeConflict, match="不能重复代偿"):
        compensate(registry, guaranteed_loan_id=g.id, loss=Decimal("1"), paid_on=date(2023, 1, 6))
    with pytest.raises(GuaranteeConflict, match="不能重复登记"):
        guarantee_loan(
            registry,
            agency_code="LLDB",
            institution_code="LLRCB",
            period=JUNE,
            loan_id="G2",
            start=date(2022, 7, 1),
            end=date(2023, 7, 1),
        )


def test_an_agreement_below_the_minimum_bank_share_is_refused(
    registry: Session, ledger_home: Path
) -> None:
    _setup(registry, ledger_home)
    with pytest.raises(GuaranteeInvalid, match="低于下限 20%"):
        add_agreement(
            registry,
            agency_code="LLDB",
            institution_code="FYRCB",
            bank_share=Decimal("0.1"),
            fee_rate=Decimal("0.01"),
            fee_subsidy_rate=Decimal(0),
            effective_from=date(2022, 1, 1),
        )
