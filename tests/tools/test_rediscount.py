"""Rediscount: green bills first within the quota, interest at the rate in force (C-3.2.3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from beizeng.errors import DataInvalid
from beizeng.kit.approval import MakerIsChecker
from beizeng.kit.money import to_fen
from beizeng.kit.periods import Period
from beizeng.tools.parameter.rules import ParameterValue
from beizeng.tools.parameter.service import load_values
from beizeng.tools.rediscount.service import (
    BillInput,
    apply_bills,
    rediscount_balance_by_bank,
    serve_queue,
)
from tests.tools.factories import CHECKER, MAKER


def _bill(
    row: int, no: str, amount: str, green: bool, maturity: date = date(2022, 12, 20)
) -> BillInput:
    return BillInput(row, no, "吕梁某焦化有限公司", "某银行承兑", Decimal(amount), maturity, green)


def test_green_bills_are_served_first_within_the_quota(registry: Session) -> None:
    load_values(
        registry,
        [ParameterValue("rediscount", "quota", "FYRCB", date(2022, 1, 1), None, "1500000")],
    )
    apply_bills(
        registry,
        principal=MAKER,
        institution_code="FYRCB",
        applied_on=date(2022, 9, 1),
        bills=[
            _bill(2, "B-1", "1000000", False),
            _bill(3, "B-2", "800000", True),
            _bill(4, "B-3", "600000", True),
        ],
    )
    with pytest.raises(MakerIsChecker, match="票据 B-1、B-2、B-3 由 maker 录入，须由另一人办理"):
        serve_queue(
            registry, principal=MAKER, institution_code="FYRCB", discount_date=date(2022, 9, 21)
        )
    registry.info["actor"] = "checker"
    result = serve_queue(
        registry, principal=CHECKER, institution_code="FYRCB", discount_date=date(2022, 9, 21)
    )
    assert [b.bill_no for b in result.served] == ["B-2", "B-3"]  # 1,400,000; B-1 no longer fits
    assert [b.bill_no for b in result.waiting] == ["B-1"]
    b2 = result.served[0]
    assert b2.days == 90 and b2.rate == Decimal("0.02")
    assert (
        b2.interest == to_fen(Decimal("800000") * Decimal("0.02") * 90 / 360) == Decimal("4000.00")
    )
    assert rediscount_balance_by_bank(registry, Period(2022, 9)) == {"FYRCB": Decimal("1400000.00")}
    assert rediscount_balance_by_bank(registry, Period(2022, 12)) == {}


def test_a_bill_list_with_a_bad_bill_is_refused_whole(registry: Session) -> None:
    with pytest.raises(DataInvalid, match="剩余期限须在 1 至 365 天之间"):
        apply_bills(
            registry,
            principal=MAKER,
            institution_code="FYRCB",
            applied_on=date(2022, 9, 1),
            bills=[
                _bill(2, "B-9", "1000", True),
                _bill(3, "B-10", "1000", False, maturity=date(2024, 1, 1)),
            ],
        )
    assert (
        serve_queue(
            registry, principal=CHECKER, institution_code="FYRCB", discount_date=date(2022, 9, 2)
        ).served
        == []
    )
