"""Pure formulas of the tools: worked examples and hypothesis properties (no fixtures)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beizeng.kit.periods import Quarter
from beizeng.tools.guarantee.rules import (
    Cover,
    agency_recovery,
    balance_in_force,
    fee,
    leverage,
    split_loss,
)
from beizeng.tools.subsidy.errors import FundInsufficient
from beizeng.tools.subsidy.rules import Fund, capped, interest_subsidy, risk_compensation
from beizeng.tools.supporttool.rules import build_statement, statement_json, support_line

money = st.decimals(min_value=0, max_value=10**11, places=2, allow_nan=False)
rates = st.decimals(min_value=0, max_value=Decimal("0.2"), places=6, allow_nan=False)
shares = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False)


# --------------------------------------------------------------------------- support tool (C-3.2.1)
def test_support_line_pays_the_rate_on_the_increase() -> None:
    line = support_line(
        "LLRCB",
        Decimal("100000000.00"),
        Decimal("112345678.91"),
        rate=Decimal("0.02"),
        negative_as_zero=True,
    )
    assert line.increase == Decimal("12345678.91")
    # 12,345,678.91 × 2% = 246,913.5782 → to the fen, half-up
    assert line.amount == Decimal("246913.58")


def test_a_fall_counts_as_zero_by_default_and_negative_when_the_parameter_says_so() -> None:
    fall = (Decimal("500.00"), Decimal("300.00"))
    assert support_line("A", *fall, rate=Decimal("0.01"), negative_as_zero=True).amount == 0
    assert support_line("A", *fall, rate=Decimal("0.01"), negative_as_zero=False).amount == Decimal(
        "-2.00"
    )


def test_half_a_fen_rounds_up() -> None:
    # 0.50 × 1% = 0.005 yuan → 0.01
    assert support_line(
        "A", Decimal(0), Decimal("0.50"), rate=Decimal("0.01"), negative_as_zero=True
    ).amount == Decimal("0.01")


@given(
    st.dictionaries(
        st.text("ABCDEFGH", min_size=1, max_size=6), st.tuples(money, money), max_size=30
    ),
    rates,
    st.booleans(),
)
def test_statement_total_is_exactly_the_sum_of_its_lines(balances, rate, neg_zero) -> None:
    statement = build_statement(Quarter(2022, 2), balances, rate=rate, negative_as_zero=neg_zero)
    data = statement_json(statement)
    assert statement.total == sum((line.amount for line in statement.lines), Decimal(0))
    assert Decimal(data["total"]) == sum(Decimal(line["amount"]) for line in data["lines"])
    assert all(len(line["amount"].split(".")[1]) == 2 for line in data["lines"])
    if neg_zero:
        assert all(line.amount >= 0 for line in statement.lines)


# --------------------------------------------------------------------------- subsidies (C-3.3.4)
def test_interest_subsidy_follows_principal_rate_days_over_360_times_share() -> None:
    # 1,000,000 × 4.35% × 90 / 360 × 50% = 5,437.50
    assert interest_subsidy(
        Decimal("1000000"), Decimal("0.0435"), 90, day_basis=360, share=Decimal("0.5")
    ) == Decimal("5437.50")


def test_risk_compensation_is_the_loss_times_the_share() -> None:
    assert risk_compensation(Decimal("123456.79"), Decimal("0.3")) == Decimal("37037.04")


@given(money, rates, st.integers(0, 366), shares, money, money, money, money)
def test_a_subsidy_never_exceeds_either_cap(
    principal, rate, days, share, used_e, cap_e, used_p, cap_p
) -> None:
    raw = interest_subsidy(principal, rate, days, day_basis=360, share=share)
    amount = capped(
        raw,
        enterprise_used=used_e,
        cap_per_enterprise=cap_e,
        programme_used=used_p,
        cap_programme=cap_p,
    )
    assert Decimal(0) <= amount <= raw
    assert used_e + amount <= max(cap_e, used_e)
    assert used_p + amount <= max(cap_p, used_p)


events = st.lists(
    st.tuples(st.sampled_from(["deposit", "approve", "pay", "release"]), money), max_size=40
)


@given(events)
def test_the_fund_never_goes_negative_under_any_sequence(sequence) -> None:
    fund = Fund()
    for action, amount in sequence:
        try:
            if action == "deposit":
                fund = fund.deposit(amount) if amount > 0 else fund
            elif action == "approve":
                fund = fund.commit(amount)
            elif action == "pay":
                fund = fund.pay(min(amount, fund.committed))
            else:
                fund = fund.release(min(amount, fund.committed))
        except FundInsufficient:
            pass
        assert fund.balance >= 0
        assert fund.available >= 0
        assert fund.committed >= 0


def test_an_approval_beyond_the_uncommitted_balance_is_refused() -> None:
    fund = Fund().deposit(Decimal("100.00")).commit(Decimal("60.00"))
    with pytest.raises(FundInsufficient, match="可用余额 40.00 元"):
        fund.commit(Decimal("40.01"))


# --------------------------------------------------------------------------- guarantees (C-4.2)
def test_leverage_is_the_balance_in_force_over_net_assets() -> None:
    covers = [
        Cover(Decimal("3000000"), date(2022, 1, 10), date(2023, 1, 10)),
        Cover(Decimal("2000000"), date(2022, 3, 1), date(2022, 9, 1)),
        Cover(Decimal("1000000"), date(2022, 2, 1), date(2023, 2, 1), released_on=date(2022, 5, 1)),
    ]
    assert balance_in_force(covers, date(2022, 4, 30)) == Decimal("6000000")
    assert balance_in_force(covers, date(2022, 6, 30)) == Decimal("5000000")
    assert balance_in_force(covers, date(2022, 9, 30)) == Decimal("3000000")
    assert leverage(Decimal("6000000"), Decimal("800000")) == Decimal("7.5000")
    assert leverage(Decimal("1"), Decimal("0")) is None


@given(money, shares)
def test_a_loss_is_split_into_parts_that_add_up_exactly(loss, bank_share) -> None:
    agency, bank = split_loss(loss, bank_share)
    assert agency + bank == loss
    assert agency >= 0 and bank >= 0


def test_twenty_eighty_risk_sharing_and_recovery_in_proportion() -> None:
    agency, bank = split_loss(Decimal("500000.00"), Decimal("0.2"))
    assert (agency, bank) == (Decimal("400000.00"), Decimal("100000.00"))
    assert agency_recovery(Decimal("50000"), loss=Decimal("500000"), agency_part=agency) == Decimal(
        "40000.00"
    )


def test_guarantee_fee_is_annualised_on_actual_days() -> None:
    # 1,000,000 × 1% × 365/365
    assert fee(
        Decimal("1000000"), Decimal("0.01"), date(2022, 1, 1), date(2023, 1, 1), day_basis=365
    ) == Decimal("10000.00")
