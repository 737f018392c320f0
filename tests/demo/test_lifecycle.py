"""Loans live consistent lives across month ends; growth lands in the intended 2022 bands."""

from __future__ import annotations

import csv

import duckdb
import numpy as np
import pytest

from beizeng.demo.entities import generate_entities
from beizeng.demo.loans import Banks, Simulator, month_index
from beizeng.demo.rules import INCLUSIVE_CLASSES, INCLUSIVE_LINE, SCALES
from beizeng.institution.service import packaged_registry
from beizeng.kit.periods import Period

pytestmark = pytest.mark.xdist_group("demo_lifecycle")
"""One xdist group: the small simulation runs once, on one worker."""

PAIRS = """
    SELECT a.loan_id, a.institution, a.period, a.balance AS before, b.balance AS after,
           a.borrower_id = b.borrower_id AND a.start_date = b.start_date
               AND a.maturity_date = b.maturity_date AND a.credit_line = b.credit_line AS same
    FROM typed a JOIN typed b
      ON a.loan_id = b.loan_id AND a.institution = b.institution
     AND b.period_end = last_day(a.period_end + INTERVAL 1 DAY)
"""


def test_a_loan_keeps_borrower_dates_and_line_and_its_balance_never_grows(
    ledgers: duckdb.DuckDBPyConnection,
) -> None:
    result = ledgers.execute(
        f"SELECT count(*), count(*) FILTER (WHERE NOT same), count(*) FILTER (WHERE after > before), "
        f"count(*) FILTER (WHERE after < before) FROM ({PAIRS})"
    ).fetchone()
    assert result is not None
    pairs, changed, grew, amortised = result
    assert pairs > 10_000
    assert changed == 0 and grew == 0
    assert amortised > 0


def test_matured_loans_leave_and_only_few_leave_early(ledgers: duckdb.DuckDBPyConnection) -> None:
    assert ledgers.execute(
        "SELECT count(*) FROM typed WHERE maturity_date <= period_end"
    ).fetchone() == (0,)
    result = ledgers.execute(
        """
        SELECT count(*), count(*) FILTER (WHERE a.maturity_date > last_day(a.period_end + INTERVAL 1 DAY))
        FROM typed a
        WHERE a.period < '2022-12'
          AND NOT EXISTS (
              SELECT 1 FROM typed b
              WHERE b.loan_id = a.loan_id AND b.institution = a.institution
                AND b.period_end = last_day(a.period_end + INTERVAL 1 DAY))
        """
    ).fetchone()
    assert result is not None
    leaving, early = result
    assert leaving > 1000
    assert early < leaving * 0.25  # prepayments only


def test_first_loan_is_only_ever_a_borrowers_earliest_loan(
    ledgers: duckdb.DuckDBPyConnection,
) -> None:
    per_borrower = ledgers.execute(
        "SELECT borrower_id, count(DISTINCT institution || loan_id) FROM typed WHERE first_loan GROUP BY 1"
    ).fetchall()
    assert len(per_borrower) > 100
    assert max(n for _, n in per_borrower) == 1
    earlier = ledgers.execute(
        """
        SELECT count(*) FROM typed f JOIN typed o ON o.borrower_id = f.borrower_id
        WHERE f.first_loan AND o.start_date < f.start_date
        """
    ).fetchone()
    assert earlier == (0,)
    new_2022 = ledgers.execute(
        """
        SELECT count(DISTINCT borrower_id) FROM typed
        WHERE first_loan AND period = '2022-12' AND year(start_date) = 2022
        """
    ).fetchone()
    assert new_2022 is not None and new_2022[0] > 50


@pytest.fixture(scope="module")
def small_growth() -> dict[str, dict[str, float]]:
    """Balances by year end of a ``small`` simulation (in memory; the files are not needed)."""
    with packaged_registry().open(encoding="utf-8") as fh:
        banks = Banks.from_registry(list(csv.DictReader(fh)))
    scale = SCALES["small"]
    entities = generate_entities(np.random.default_rng([11, 0]), scale, salt=11)
    simulator = Simulator(entities, banks, scale.initial_loans, 11)
    scope = np.array(banks.scopes)
    out: dict[str, dict[str, float]] = {}
    for period, book in simulator.run():
        if period.month != 12:
            continue
        balance = book.balances(month_index(period)).astype(float)
        inclusive = (
            (entities.cls[book.entity] < INCLUSIVE_CLASSES)
            & (entities.credit_line[book.entity] < INCLUSIVE_LINE)
            & ~book.consumption
        )
        national = scope[book.bank] == "national"
        out[str(period)] = {
            "loans": balance.sum(),
            "inclusive": balance[inclusive].sum(),
            "inclusive_national": balance[inclusive & national].sum(),
            "inclusive_local": balance[inclusive & ~national].sum(),
        }
    return out


def _yoy(figures: dict[str, dict[str, float]], metric: str) -> float:
    return figures[str(Period(2022, 12))][metric] / figures[str(Period(2021, 12))][metric] - 1


def test_2022_total_loans_grow_about_ten_to_twelve_percent(
    small_growth: dict[str, dict[str, float]],
) -> None:
    assert 0.09 <= _yoy(small_growth, "loans") <= 0.135


def test_2022_inclusive_loans_grow_faster_and_local_banks_fastest(
    small_growth: dict[str, dict[str, float]],
) -> None:
    assert 0.20 <= _yoy(small_growth, "inclusive") <= 0.35
    assert _yoy(small_growth, "inclusive") > _yoy(small_growth, "loans")
    assert _yoy(small_growth, "inclusive_local") > _yoy(small_growth, "inclusive_national")
