"""Classification of loans on tiny hand-built ledgers (DESIGN: metrics; facts.md definitions)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import ibis
import pyarrow as pa

from beizeng.ledger import duck, rules
from beizeng.ledger.classify import classify
from tests.ledger.builders import CLASSIFY_COLUMNS, arrow_schema

SCHEMA = arrow_schema(*CLASSIFY_COLUMNS)


def loan(**overrides: Any) -> dict[str, Any]:
    base = {
        "borrower_type": "enterprise",
        "enterprise_size": "small",
        "ownership": "private",
        "industry_code": "C3011",
        "purpose": "business",
        "credit_line": Decimal("5000000.00"),
        "start_date": date(2022, 1, 10),
        "maturity_date": date(2024, 1, 10),
    }
    base.update(overrides)
    return base


def ledger(*loans: dict[str, Any]) -> ibis.Table:
    """The loans as a DuckDB table seen through Ibis."""
    con = duck.connect()
    con.register("loans_arrow", pa.Table.from_pylist(list(loans), schema=SCHEMA))
    con.execute("CREATE TEMP TABLE ledger AS SELECT * FROM loans_arrow")
    return duck.ibis_backend(con).table("ledger")  # type: ignore[no-any-return]


def classified(*loans: dict[str, Any], **params: Any) -> list[dict[str, Any]]:
    table = ledger(*loans)
    return classify(table, rules.Classification(**params)).to_pyarrow().to_pylist()  # type: ignore[no-any-return]


def test_credit_line_of_exactly_ten_million_is_out_of_pboc_caliber_and_in_cbirc() -> None:
    [row] = classified(loan(credit_line=Decimal("10000000.00")))
    assert row["inclusive_smb"] is False
    assert row["inclusive_smb_cbirc"] is True


def test_credit_line_just_below_ten_million_is_in_both_calibers() -> None:
    [row] = classified(loan(credit_line=Decimal("9999999.99")))
    assert row["inclusive_smb"] is True and row["inclusive_smb_cbirc"] is True


def test_threshold_is_a_parameter() -> None:
    [row] = classified(
        loan(credit_line=Decimal("6000000.00")), inclusive_threshold=Decimal("5000000")
    )
    assert row["inclusive_smb"] is False and row["inclusive_smb_cbirc"] is False


def test_individual_business_consumption_loan_is_not_inclusive() -> None:
    [business, consumption] = classified(
        loan(borrower_type="individual_business", enterprise_size=None, ownership=None),
        loan(
            borrower_type="individual_business",
            enterprise_size=None,
            ownership=None,
            purpose="consumption",
        ),
    )
    assert business["inclusive_smb"] is True
    assert consumption["inclusive_smb"] is False and consumption["inclusive_smb_cbirc"] is False


def test_medium_enterprise_and_personal_loans_are_not_inclusive_but_micro_owners_are() -> None:
    medium, personal, owner = classified(
        loan(enterprise_size="medium"),
        loan(borrower_type="personal", enterprise_size=None, ownership=None),
        loan(borrower_type="micro_owner", enterprise_size=None, ownership=None),
    )
    assert (medium["inclusive_smb"], personal["inclusive_smb"], owner["inclusive_smb"]) == (
        False,
        False,
        True,
    )


def test_term_of_exactly_one_year_is_not_mid_long_term() -> None:
    one_year, one_year_and_a_day = classified(
        loan(start_date=date(2022, 3, 15), maturity_date=date(2023, 3, 15)),
        loan(start_date=date(2022, 3, 15), maturity_date=date(2023, 3, 16)),
    )
    assert one_year["mid_long_term"] is False and one_year["term_months"] == 12
    assert one_year["manufacturing_mlt"] is False
    assert (
        one_year_and_a_day["mid_long_term"] is True
        and one_year_and_a_day["manufacturing_mlt"] is True
    )


def test_term_months_counts_whole_months() -> None:
    short, long = classified(
        loan(start_date=date(2022, 1, 31), maturity_date=date(2022, 2, 28)),
        loan(start_date=date(2022, 1, 10), maturity_date=date(2025, 7, 9)),
    )
    assert short["term_months"] == 0
    assert long["term_months"] == 41


def test_manufacturing_needs_section_c() -> None:
    [row] = classified(loan(industry_code="B0610"))
    assert row["industry_section"] == "B"
    assert row["mid_long_term"] is True and row["manufacturing_mlt"] is False


def test_services_are_catering_retail_culture_and_travel_agencies() -> None:
    codes = ["H6210", "F5211", "R8810", "R90", "L7291", "L7282", "H61", "F51"]
    rows = classified(*(loan(industry_code=c) for c in codes))
    assert [r["services"] for r in rows] == [True, True, True, True, True, False, False, False]


def test_private_enterprise_needs_an_enterprise_with_private_ownership() -> None:
    private, state, business = classified(
        loan(),
        loan(ownership="state"),
        loan(borrower_type="individual_business", enterprise_size=None, ownership=None),
    )
    assert (
        private["private_enterprise"],
        state["private_enterprise"],
        business["private_enterprise"],
    ) == (
        True,
        False,
        False,
    )


def test_classification_is_lazy_ibis_not_executed_until_asked() -> None:
    con = duck.connect()
    con.register("loans_arrow", pa.Table.from_pylist([loan()], schema=SCHEMA))
    con.execute("CREATE TEMP TABLE ledger AS SELECT * FROM loans_arrow")
    expr = classify(duck.ibis_backend(con).table("ledger"))
    assert {"inclusive_smb", "mid_long_term", "services", "term_months"} <= set(expr.columns)
    # A loan stored after the expression was built is in its result: nothing ran before asked.
    con.execute("INSERT INTO ledger SELECT * REPLACE ('F5211' AS industry_code) FROM ledger")
    rows = expr.to_pyarrow().to_pylist()
    assert sorted((r["industry_code"], r["services"]) for r in rows) == [
        ("C3011", False),
        ("F5211", True),
    ]
