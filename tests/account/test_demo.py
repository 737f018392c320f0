"""The platform demo builds through the services: every role, every demand state."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.account.demo import seed_platform_demo
from beizeng.demand.rules import STATUSES
from beizeng.models.demand import Demand
from beizeng.models.product import FourList


def test_the_demo_has_every_role_and_demands_in_every_state(session: Session) -> None:
    accounts = seed_platform_demo(
        session, seed=7, now=datetime(2022, 9, 20, 2, tzinfo=UTC), password="Demo2022pass"
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
    assert session.scalar(select(func.count(FourList.id))) == 7 * 4
