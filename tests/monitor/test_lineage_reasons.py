"""``monitor.reasons``: a loan gets a reason for a metric exactly when the metric's filter (the
registry's Ibis expression over ``ledger.classify``, what the evaluation runs) counts it; and the
reasons read as a supervisor checks them, in both calibers of the threshold (C-2.2.1, C-4.5.1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import ibis
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beizeng.ledger import rules
from beizeng.ledger.classify import classify
from beizeng.monitor.metrics import loan_metrics
from beizeng.monitor.reasons import REASONERS, add_years, reasons, term_months
from tests.ledger.builders import CLASSIFY_COLUMNS, arrow_schema

PARAMS = rules.Classification()
THRESHOLD = PARAMS.inclusive_threshold

_SCHEMA = arrow_schema(
    "loan_id",
    "borrower_id",
    *CLASSIFY_COLUMNS,
    "balance",
    "guarantee_type",
    "green",
    "clean_energy",
    "first_loan",
    period_end=pa.date32(),
)

_near = st.sampled_from(
    [Decimal("9999999.99"), THRESHOLD, Decimal("10000000.01"), Decimal("9999900.00")]
)
_money = st.decimals(min_value=0, max_value=Decimal("30000000"), places=2) | _near
_day = st.dates(min_value=date(2019, 1, 1), max_value=date(2025, 12, 31))
_loans = st.fixed_dictionaries(
    {
        "borrower_type": st.sampled_from(list(rules.BORROWER_TYPES)),
        "enterprise_size": st.sampled_from([*rules.ENTERPRISE_SIZES, None]),
        "ownership": st.sampled_from([*rules.OWNERSHIPS, None]),
        "industry_code": st.sampled_from(
            ["C3011", "C13", "A011", "H6210", "F5212", "F5110", "R8610", "L7291", "L7211", "3011"]
        ),
        "purpose": st.sampled_from(list(rules.PURPOSES)),
        "credit_line": _money,
        "balance": _money | st.just(Decimal("0.00")),
        "start_date": _day | st.sampled_from([date(2020, 2, 29), date(2022, 12, 31)]),
        "term_days": st.integers(min_value=1, max_value=3 * 366) | st.sampled_from([365, 366]),
        "guarantee_type": st.sampled_from(list(rules.GUARANTEE_TYPES)),
        "green": st.booleans(),
        "clean_energy": st.booleans(),
        "first_loan": st.booleans(),
        "period_end": st.sampled_from([date(2022, 6, 30), date(2022, 12, 31)]),
    }
)


def _table(loans: list[dict[str, Any]]) -> ibis.Table:
    rows = []
    for n, loan in enumerate(loans):
        start = loan["start_date"]
        rows.append(
            {
                **{k: v for k, v in loan.items() if k != "term_days"},
                "loan_id": f"L{n}",
                "borrower_id": f"B{n}",
                "maturity_date": date.fromordinal(start.toordinal() + loan["term_days"]),
            }
        )
    arrow = pa.Table.from_pylist(rows, schema=_SCHEMA)
    return ibis.memtable(arrow)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_loans, min_size=1, max_size=25))
def test_a_loan_has_a_reason_for_a_metric_iff_the_metrics_filter_counts_it(
    loans: list[dict[str, Any]],
) -> None:
    t = classify(_table(loans), PARAMS)
    flags = {
        m.slug: (m.where(t) if m.where is not None else ibis.literal(True)) for m in loan_metrics()
    }
    counted = t.mutate(**{f"_{slug}": flag.fill_null(False) for slug, flag in flags.items()})
    con = ibis.duckdb.connect()
    for record in con.to_pyarrow(counted).to_pylist():
        for slug in flags:
            why = reasons(record, slug, PARAMS)
            assert (why is not None) == record[f"_{slug}"], (slug, record, why)


def test_every_loan_metric_has_a_reason() -> None:
    assert set(REASONERS) == {m.slug for m in loan_metrics()}


def _loan(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "borrower_type": "enterprise",
        "enterprise_size": "small",
        "ownership": "private",
        "industry_code": "C3011",
        "purpose": "business",
        "credit_line": Decimal("8000000.00"),
        "balance": Decimal("500000.00"),
        "start_date": date(2022, 3, 5),
        "maturity_date": date(2025, 3, 5),
        "guarantee_type": "credit",
        "green": True,
        "clean_energy": False,
        "first_loan": True,
        "period_end": date(2022, 12, 31),
    }
    return base | overrides


def test_reasons_read_as_the_official_definitions() -> None:
    loan = _loan()
    assert (
        reasons(loan, "inclusive_smb", PARAMS) == "授信 800.00万元 < 1,000.00万元；小型企业；经营性"
    )
    assert reasons(loan, "inclusive_smb_credit", PARAMS) == (
        "授信 800.00万元 < 1,000.00万元；小型企业；经营性；信用贷款"
    )
    assert reasons(loan, "inclusive_smb_borrowers", PARAMS) == (
        "授信 800.00万元 < 1,000.00万元；小型企业；经营性；余额 50.00万元 > 0"
    )
    assert reasons(loan, "first_loan_borrowers", PARAMS) == "首贷户，2022-03-05 发放"
    assert reasons(loan, "manufacturing_mlt", PARAMS) == "制造业（C3011）中长期：期限 36 个月"
    assert reasons(loan, "green", PARAMS) == "绿色贷款"
    assert reasons(loan, "clean_energy", PARAMS) is None
    assert reasons(loan, "private_enterprise", PARAMS) == "民营企业"
    assert reasons(_loan(industry_code="H6210"), "services", PARAMS) == (
        "餐饮、零售、文旅等服务业（H6210）"
    )
    owner = _loan(borrower_type="micro_owner", enterprise_size=None, ownership=None)
    assert (
        reasons(owner, "inclusive_smb", PARAMS)
        == "授信 800.00万元 < 1,000.00万元；小微企业主；经营性"
    )


def test_the_threshold_in_both_calibers() -> None:
    below = _loan(credit_line=Decimal("9999900.00"))
    at = _loan(credit_line=Decimal("10000000.00"))
    assert (
        reasons(below, "inclusive_smb", PARAMS)
        == "授信 999.99万元 < 1,000.00万元；小型企业；经营性"
    )
    assert reasons(below, "inclusive_smb_cbirc", PARAMS) == (
        "授信 999.99万元 ≤ 1,000.00万元；小型企业；经营性"
    )
    assert reasons(at, "inclusive_smb", PARAMS) is None  # PBoC: below the threshold only
    assert reasons(at, "inclusive_smb_cbirc", PARAMS) == (
        "授信 1,000.00万元 ≤ 1,000.00万元；小型企业；经营性"
    )
    plan = rules.Classification(inclusive_threshold=Decimal("5000000"))
    assert reasons(below, "inclusive_smb", plan) is None  # the plan's threshold, not a constant


def test_terms_and_years_as_the_database_counts_them() -> None:
    assert add_years(date(2020, 2, 29), 1) == date(2021, 2, 28)
    assert term_months(date(2022, 1, 31), date(2022, 2, 28)) == 0
    assert term_months(date(2022, 1, 31), date(2022, 3, 31)) == 2
    one_year = _loan(start_date=date(2022, 1, 10), maturity_date=date(2023, 1, 10))
    assert reasons(one_year, "manufacturing_mlt", PARAMS) is None  # exactly a year: short-term
