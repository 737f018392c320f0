"""Each metric on hand-built ledgers imported through the real ledger import (both backends).

The ledger of 2022-12 (yuan):

| loan | bank | borrower | what it tests | balance |
| --- | --- | --- | --- | --- |
| L1 | A | small private enterprise E1, credit line exactly 10,000,000 | in CBIRC, not PBoC caliber | 1,000,000 |
| L2 | A | micro private enterprise E2, line 9,999,999.99, credit loan, first loan in 2021, C3011 for two years | inclusive, credit, mid/long-term | 500,000 |
| L3 | A | individual business Y, consumption loan | not inclusive | 50,000 |
| L4 | A | medium state enterprise, C3011, term exactly one year | not mid/long-term | 2,000,000 |
| L5 | A | large enterprise, C3011, one year and one day | manufacturing mid/long-term | 3,000,000 |
| L6 | A | micro owner P, business loan with zero balance | inclusive but no borrower | 0 |
| L7 | A | individual business X, first loan 2022-03 | inclusive, first loan | 100,000 |
| L8 | B | the same individual business X, first loan 2022-05 | one borrower at two banks | 150,000 |
| L9 | B | small private enterprise E9, catering H6210, green | services, green | 400,000 |
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from beizeng.kit.periods import Period
from beizeng.monitor import service
from beizeng.monitor.evaluation import Evaluation
from beizeng.monitor.plan import parse_plan
from tests.monitor.ledgers import import_example, import_rows, ledger_2021, ledger_2022


@pytest.fixture
def evaluation(banks: Session, tmp_path: Path) -> Evaluation:
    import_example(banks, tmp_path / "in")
    return service.evaluate(banks, plan=service.load_plan(), period=Period(2022, 12))


def value(ev: Evaluation, metric: str, level: str, code: str) -> Decimal | None:
    item = ev.indicator(metric, level, code)
    assert item is not None, (metric, level, code)
    return item.snapshots.value.value


def test_loans_add_every_balance_including_zero(evaluation: Evaluation) -> None:
    bank_a = 1_000_000 + 500_000 + 50_000 + 2_000_000 + 3_000_000 + 0 + 100_000
    bank_b = 150_000 + 400_000
    assert value(evaluation, "loans", "institution", "BANKA") == bank_a
    assert value(evaluation, "loans", "institution", "BANKB") == bank_b
    assert value(evaluation, "loans", "city", "141100") == bank_a + bank_b
    assert value(evaluation, "loans", "group", "national") == bank_a
    assert value(evaluation, "loans", "group", "local") == bank_b
    assert value(evaluation, "loans", "county", "141121") == bank_b


def test_credit_line_of_exactly_ten_million_is_cbirc_but_not_pboc_inclusive(
    evaluation: Evaluation,
) -> None:
    # L2 + L7 + L8 + L9 (+ L6 at zero); the consumption loan L3 is excluded.
    pboc = 500_000 + 100_000 + 150_000 + 400_000
    assert value(evaluation, "inclusive_smb", "city", "141100") == pboc
    assert value(evaluation, "inclusive_smb_cbirc", "city", "141100") == pboc + 1_000_000


def test_individual_business_consumption_loan_is_not_inclusive(evaluation: Evaluation) -> None:
    # Bank A's inclusive loans are L2 and L7 only: L3 (consumption) is left out.
    assert value(evaluation, "inclusive_smb", "institution", "BANKA") == 500_000 + 100_000


def test_same_borrower_at_two_banks_counts_once_for_the_city(evaluation: Evaluation) -> None:
    # Bank A: E2 and X (P has a zero balance); bank B: X and E9; the city: E2, X, E9.
    assert value(evaluation, "inclusive_smb_borrowers", "institution", "BANKA") == 2
    assert value(evaluation, "inclusive_smb_borrowers", "institution", "BANKB") == 2
    assert value(evaluation, "inclusive_smb_borrowers", "city", "141100") == 3
    assert value(evaluation, "inclusive_smb_cbirc_borrowers", "city", "141100") == 4
    assert value(evaluation, "first_loan_borrowers", "city", "141100") == 1
    assert value(evaluation, "first_loan_borrowers", "institution", "BANKB") == 1


def test_zero_balance_borrower_is_not_counted(evaluation: Evaluation) -> None:
    assert value(evaluation, "inclusive_smb_borrowers", "county", "141102") == 2


def test_term_of_exactly_one_year_is_not_mid_long_term(evaluation: Evaluation) -> None:
    # L5 (one year and one day) and L2 (two years); L4 (exactly one year) and L1 (less) are out.
    assert value(evaluation, "manufacturing_mlt", "city", "141100") == 3_000_000 + 500_000


def test_structure_metrics(evaluation: Evaluation) -> None:
    assert value(evaluation, "private_enterprise", "city", "141100") == 1_900_000
    assert value(evaluation, "green", "city", "141100") == 400_000
    # Services: catering L9 and the retail (F5212) loans L3, L6, L7, L8, whatever the purpose.
    assert (
        value(evaluation, "services", "city", "141100") == 400_000 + 50_000 + 0 + 100_000 + 150_000
    )
    assert value(evaluation, "inclusive_smb_credit", "city", "141100") == 500_000
    assert value(evaluation, "inclusive_smb_credit_share", "city", "141100") == Decimal(
        500_000
    ) / Decimal(1_150_000)


def test_growth_against_the_year_ago_snapshot(evaluation: Evaluation) -> None:
    item = evaluation.indicator("loans", "city", "141100")
    assert item is not None
    assert item.snapshots.previous.value == 2_400_000
    assert item.snapshots.measure("growth").value == Decimal(7_200_000) / Decimal(2_400_000) - 1
    assert item.snapshots.measure("increase").value == 4_800_000
    # 2022-12's start of the year is 2021-12, so the change since then equals the increase.
    assert item.snapshots.measure("change_since_year_start").value == 4_800_000


def test_first_loans_of_an_earlier_year_do_not_count(evaluation: Evaluation) -> None:
    # L2's first loan started in 2021: it counts for 2021-12, not for 2022-12.
    item = evaluation.indicator("first_loan_borrowers", "institution", "BANKA")
    assert item is not None
    assert item.snapshots.value.value == 1  # X (L7)
    assert item.snapshots.previous.value == 1  # E2 (L2) in 2021


def test_loan_to_deposit_ratio_of_the_city(evaluation: Evaluation) -> None:
    [result] = evaluation.results_of("loan_deposit_ratio")
    assert result.first.actual.value == Decimal(7_200_000) / Decimal(10_000_000)
    assert result.first.benchmark.value == Decimal(2_400_000) / Decimal(8_000_000)
    assert result.met is True


def test_missing_year_ago_snapshot_leaves_the_target_open(evaluation: Evaluation) -> None:
    [bank_b] = [r for r in evaluation.results_of("inclusive_vs_loans") if r.subject.code == "BANKB"]
    assert bank_b.met is None
    assert bank_b.verdict.reason is not None and "2021-12" in bank_b.verdict.reason


def test_one_borrower_at_two_banks_keeps_the_city_target_honest(evaluation: Evaluation) -> None:
    [city] = [r for r in evaluation.results_of("inclusive_borrowers") if r.subject.level == "city"]
    # 3 borrowers now (not 4) against 1 (E2) a year earlier.
    assert (city.first.actual.value, city.first.benchmark.value, city.met) == (3, 1, True)


def test_missing_deposits_give_met_null_with_a_reason(banks: Session, tmp_path: Path) -> None:
    _, bank_b = ledger_2022()
    import_rows(banks, tmp_path / "in", "BANKB", "2022-12", bank_b)
    import_rows(banks, tmp_path / "in", "BANKB", "2021-12", ledger_2021())
    plan = parse_plan(
        """
id = "t"
title = "存贷比"
year = 2022
[[targets]]
id = "ldr"
title = "存贷比高于上年"
subjects = ["BANKB"]
left = { metric = "loans", over = "deposits" }
op = ">"
right = { metric = "loans", over = "deposits", measure = "previous" }
""",
        source="t.toml",
    )
    [result] = service.evaluate(banks, plan=plan, period=Period(2022, 12)).results
    assert result.met is None
    assert result.verdict.reason is not None
    assert "各项存款" in result.verdict.reason and "缺少 2022-12" in result.verdict.reason
