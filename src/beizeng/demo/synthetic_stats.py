"""Institution statistics in the long format ``period,institution_code,metric,value``.

What is not loan-level (DESIGN: institution statistics): deposits, relending and rediscount
balances, the inclusive-finance weight in the bank's KPI (C-3.x 考核权重) and the internal transfer
price discount for inclusive loans (FTP 优惠, basis points), premium income and insured amounts of
insurers. Banks' figures follow their simulated loans (loan-to-deposit ratio 0.6–0.8); a few banks
fall short on the KPI weight (< 0.10) and the FTP discount (< 50 bp), so that notices have cases.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from beizeng.demo.rules import FTP_DISCOUNT_BP, KPI_WEIGHT, LAGGARDS, LOAN_TO_DEPOSIT, PERIODS


@dataclass(frozen=True)
class BankTotals:
    """Loan balances of one bank at one month end, fen: all loans and inclusive small-micro."""

    loans: int
    inclusive: int


def _yuan(fen: float) -> str:
    return f"{round(fen) / 100:.2f}"


def institution_stats(
    rng: np.random.Generator,
    *,
    registry: list[dict[str, str]],
    totals: dict[str, dict[str, BankTotals]],
    amount_scale: float,
) -> list[tuple[str, str, str, str]]:
    """Rows for every period and institution; ``totals[period][code]`` for lending banks,
    ``amount_scale`` shrinks insurers' money with the demo (1.0 at city scale)."""
    rows: list[tuple[str, str, str, str]] = []
    banks = [r for r in registry if r["code"] in totals[str(PERIODS[0])]]
    insurers = [r for r in registry if r["category"] == "insurer"]
    low, high = LOAN_TO_DEPOSIT
    ratio = {b["code"]: rng.uniform(low, high) for b in banks}
    relending = {
        b["code"]: rng.uniform(0.04, 0.1) if b["legal_scope"] == "local" else 0.0 for b in banks
    }
    rediscount = {
        b["code"]: 0.0 if b["category"] == "policy_bank" else rng.uniform(0.002, 0.01)
        for b in banks
    }
    short = set(LAGGARDS) | {banks[i]["code"] for i in rng.choice(len(banks), 2, replace=False)}
    weight_low, weight_high = KPI_WEIGHT
    bp_low, bp_high = FTP_DISCOUNT_BP
    weight = {
        b["code"]: rng.uniform(weight_low, 0.095)
        if b["code"] in short
        else rng.uniform(0.1, weight_high)
        for b in banks
    }
    ftp = {
        b["code"]: rng.integers(bp_low, 50) if b["code"] in short else rng.integers(50, bp_high + 1)
        for b in banks
    }
    premium = {i["code"]: rng.uniform(1e10, 6e10) * amount_scale for i in insurers}  # fen a year
    for period in PERIODS:
        key = str(period)
        for bank in banks:
            code = bank["code"]
            t = totals[key][code]
            drift = 1 + rng.normal(0, 0.01)
            raised = min(weight[code] + (0.01 if period.year == 2022 else 0.0), weight_high)
            rows += [
                (key, code, "deposits", _yuan(t.loans / (ratio[code] * drift))),
                (key, code, "relending_balance", _yuan(t.inclusive * relending[code])),
                (key, code, "rediscount_balance", _yuan(t.loans * rediscount[code])),
                (key, code, "inclusive_kpi_weight", f"{raised:.4f}"),
                (key, code, "ftp_discount_bp", str(ftp[code])),
            ]
        for insurer in insurers:
            code = insurer["code"]
            growth = 1.08 ** (period.year - 2021)
            to_date = premium[code] * growth * period.month / 12 * (1 + rng.normal(0, 0.02))
            rows += [
                (key, code, "premium_income", _yuan(to_date)),
                (
                    key,
                    code,
                    "insured_amount",
                    _yuan(premium[code] * growth * rng.uniform(150, 200)),
                ),
            ]
    return rows
