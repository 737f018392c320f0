"""The explain reproduces the dashboard's figures (issue 14 "done when") and traces the platform
metrics to the records they count (C-3.4.1 four lists, C-3.4.2 replies within five working
days), on the hand-built ledgers and the platform data of ``tests/monitor/platform_data.py``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from beizeng.access.errors import ActionRefused
from beizeng.access.principal import Principal
from beizeng.dashboard import service as dashboard
from beizeng.dashboard.panels import CHART_METRICS
from beizeng.kit.periods import Period
from beizeng.monitor.explained import Explanation
from beizeng.monitor.lineage import explain
from tests.monitor.platform_data import application, at, example_parties, publish_lists
from tests.monitor.test_lineage import BANK_A, PBOC

DECEMBER = Period(2022, 12)


@pytest.fixture
def with_platform(banks: Session, tmp_path: Path) -> Session:
    bank_a, bank_b, firm = example_parties(banks, tmp_path / "in")
    publish_lists(banks, bank_a, at(2022, 5, 10))
    publish_lists(banks, bank_b, at(2022, 6, 20), ["authorization", "credit_granting"])
    application(banks, firm, bank_a, accepted=at(2022, 3, 1), replied=at(2022, 3, 3))
    application(banks, firm, bank_b, accepted=at(2022, 9, 5), replied=at(2022, 9, 6))
    application(banks, firm, bank_b, accepted=at(2022, 12, 1), amount=800_000)
    return banks


def _explain(
    session: Session, metric: str, subject: str, principal: Principal = PBOC
) -> Explanation:
    """The December explanation of ``metric`` for ``subject``, as pboc unless said."""
    return explain(session, principal=principal, period=DECEMBER, metric=metric, subject=subject)


@pytest.mark.parametrize("key", ["city:141100", "county:141121", "institution:BANKA"])
def test_the_explain_reproduces_every_dashboard_chart_figure(
    with_platform: Session, key: str
) -> None:
    numbers = dashboard.ledger_numbers(with_platform, now=at(2023, 1, 5))
    assert numbers["period"] == "2022-12"
    subject = key.split(":", 1)[1]
    for slug in CHART_METRICS:
        shown = numbers["series"][slug][key][-1]
        e = _explain(with_platform, slug, subject)
        assert e.value == (None if shown is None else Decimal(shown)), (slug, key)


def test_the_overdue_applications_are_the_rows(with_platform: Session) -> None:
    e = _explain(with_platform, "demand_reply_overdue", "BANKB")
    [row] = e.rows
    assert e.value == 1 and row.institution == "乙农商银行"
    assert row.balance == Decimal(800_000) and row.reasons.endswith("期末未答复：超时")
    assert row.submission_id and row.borrower_id


def test_the_reply_rate_is_on_time_over_due_with_the_due_applications(
    with_platform: Session,
) -> None:
    e = _explain(with_platform, "demand_reply_on_time_share", "141100")
    assert (e.numerator, e.denominator) == (Decimal(2), Decimal(3))
    assert e.value == Decimal(2) / Decimal(3) and len(e.rows) == 3
    assert sum(r.reasons.endswith("：按时") for r in e.rows) == 2
    [by_bank] = e.compositions
    assert {p.name: p.value for p in by_bank.parts} == {"甲银行吕梁分行": 1, "乙农商银行": 2}


def test_the_four_lists_are_counted_per_bank_only(with_platform: Session) -> None:
    e = _explain(with_platform, "four_lists_on_time", "BANKA", principal=BANK_A)
    assert e.value == 4 and len(e.rows) == 4
    city = _explain(with_platform, "four_lists_on_time", "141100")
    assert city.value is None and city.rows == () and city.reason
    with pytest.raises(ActionRefused):
        _explain(with_platform, "four_lists_on_time", "BANKB", principal=BANK_A)
