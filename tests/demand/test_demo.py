"""The platform demo builds through the services: every role, every demand state."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.account.rules import password_problems
from beizeng.config import get_settings
from beizeng.demand import demo as demand_demo
from beizeng.demand.demo import (
    PASSWORD_FILE,
    demo_catalogue,
    demo_password,
    demo_usernames,
    seed_platform_demo,
)
from beizeng.demand.rules import STATUSES
from beizeng.institution.rules import BANK_CATEGORIES
from beizeng.institution.service import list_institutions
from beizeng.models.demand import Demand
from beizeng.models.product import FourList


def test_the_demo_has_every_role_and_demands_in_every_state(session: Session) -> None:
    accounts = seed_platform_demo(
        session,
        seed=7,
        now=datetime(2022, 9, 20, 2, tzinfo=UTC),
        password="Demo2022pass",
        settings=get_settings(),
    )
    assert {a.role for a in accounts} == {
        "pboc",
        "gov",
        "bank",
        "insurer",
        "guarantor",
        "enterprise",
    }
    states = set(session.scalars(select(Demand.status).distinct()))
    assert states == set(STATUSES)
    # every bank publishes the four lists; insurers and guarantors publish none (C-3.4.1)
    banks = [i for i in list_institutions(session) if i.category in BANK_CATEGORIES]
    publishers = select(FourList.institution_id).distinct()
    assert set(session.scalars(publishers)) == {b.id for b in banks}
    assert session.scalar(select(func.count(FourList.id))) == len(banks) * 4


def test_generated_demo_password_is_accepted_for_every_demo_account(tmp_path: Path) -> None:
    usernames = demo_usernames()
    assert {"abc", "gov", "pboc"} <= set(usernames)
    for n in range(40):
        password = demo_password(tmp_path / str(n))
        assert all(not password_problems(password, username=u) for u in usernames)
    assert demo_password(tmp_path / "0") == (tmp_path / "0" / PASSWORD_FILE).read_text()
    assert (tmp_path / "0" / PASSWORD_FILE).stat().st_mode & 0o777 == 0o600


def test_a_drawn_password_containing_a_demo_username_is_drawn_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    drawn = iter(["xxgovxxabcxx", "pbocQ7wK2mZr", "Qm8vT3kLz9Wx"])
    monkeypatch.setattr(demand_demo.secrets, "token_urlsafe", lambda _n: next(drawn))
    password = demo_password(tmp_path)
    assert password.startswith("BzQm8vT3kLz9Wx")  # the first two contain gov/abc and pboc
    assert next(drawn, None) is None


def test_the_product_catalogue_is_packaged_data_every_row_a_valid_product() -> None:
    catalogue = demo_catalogue()
    assert sum(len(items) for items in catalogue.products.values()) == 10
    assert list(catalogue.products) == [
        "ICBCLL",
        "ABCLL",
        "PSBCLL",
        "LLRCB",
        "LLIURCB",
        "PICCLL",
        "LLFG",
    ]
    first = catalogue.products["ICBCLL"][0]
    assert (first.name, first.rate_min, first.max_amount) == (
        "经营快贷",
        Decimal("0.0385"),
        3_000_000,
    )
    assert first.documents == "营业执照；法定代表人身份证；近一年银行流水或纳税证明"
    assert catalogue.products["LLIURCB"][0].counties == ["141125"]
    assert set(catalogue.four_lists) == {
        "authorization",
        "credit_granting",
        "acceptance_reply",
        "exemption",
    }
    assert catalogue.four_lists["exemption"].endswith("首贷户不良容忍度放宽至 3%")
