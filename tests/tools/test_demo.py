"""The tools demo books a year of usage on imported ledgers (issue 6, "done when")."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.kit.periods import Quarter
from beizeng.tools.demo import seed_tools_demo
from beizeng.tools.supporttool.service import stored_statement
from tests.tools.factories import import_rows, loan

QUARTER_ENDS = ("2021-12", "2022-03", "2022-06", "2022-09", "2022-12")


def _ledgers(session: Session, home: Path) -> None:
    for step, period in enumerate(QUARTER_ENDS):
        rows = [loan(f"D{n}", str(100000 * n + 25000 * step)) for n in range(1, 13)]
        rows += [loan("D90", "2000000", enterprise_size="medium", industry_code="I6510")]
        rows += [loan("D91", "800000", purpose="consumption")]
        import_rows(session, home, "LLRCB", period, rows)


def test_the_demo_books_statements_a_batch_with_ineligible_loans_leverage_and_a_subsidy(
    registry: Session, ledger_home: Path
) -> None:
    _ledgers(registry, ledger_home)
    chart = ledger_home / "leverage.png"
    report = seed_tools_demo(registry, seed=7, chart=chart)
    # Each quarter the 12 inclusive loans grow by 25,000 each: 300,000 × 1% (Q1), then × 2%.
    assert report.statements == {
        "2022Q1": Decimal("3000.00"),
        "2022Q2": Decimal("6000.00"),
        "2022Q3": Decimal("6000.00"),
        "2022Q4": Decimal("6000.00"),
    }
    assert stored_statement(registry, quarter=Quarter(2022, 4)).statement.total == Decimal(
        "6000.00"
    )
    assert (
        report.batch_id is not None and report.ineligible == 2
    )  # the medium firm and the consumer
    assert len(report.leverage) == 12 and report.leverage[-1].leverage is not None
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert report.subsidy_paid > 0
