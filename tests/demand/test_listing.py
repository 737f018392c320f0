"""The demands list sorted, filtered and paged on the server, its export every filtered row
(issue 14 point 4)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from beizeng.config import get_settings
from beizeng.demand import service
from beizeng.demand.schemas import DemandCreate
from tests.account.factories import NOW, create_enterprise_user, create_user
from tests.http.listed import column, exported
from tests.web.conftest import Platform

COUNTIES = ("141102", "141123", "141182")  # 离石区, 兴县, 汾阳市


@pytest.fixture
def listed(platform: Platform) -> tuple[Platform, list[int]]:
    """60 demands of three enterprises, demand ``n`` posted ``n`` minutes before NOW with
    ``n + 1`` 万元 in county ``COUNTIES[n % 3]``; the ids by ``n``."""
    ids = []
    with platform.session() as s:
        create_user(s, "pboc", username="pboc_demands")
        makers = [
            create_enterprise_user(s, name=f"吕梁{label}有限公司") for label in ("甲", "乙", "丙")
        ]
        for n in range(60):
            demand = service.post_demand(
                s,
                settings=get_settings(),
                principal=makers[n % 3],
                data=DemandCreate(
                    amount=Decimal(10000 * (n + 1)),
                    term_months=12,
                    purpose="备货",
                    guarantee_offered="credit",
                    county_code=COUNTIES[n % 3],
                ),
                now=NOW - timedelta(minutes=n),
            )
            ids.append(demand.id)
        s.commit()
    return platform, ids


def test_the_demands_page_fifty_at_a_time_newest_first(listed: tuple[Platform, list[int]]) -> None:
    platform, ids = listed
    pboc = platform.client("pboc_demands")
    assert column(pboc, "/demands", "demands", 1) == [f"#{i}" for i in ids[:50]]
    assert column(pboc, "/demands?page=2", "demands", 1) == [f"#{i}" for i in ids[50:]]


def test_the_demands_sort_by_amount_both_ways(listed: tuple[Platform, list[int]]) -> None:
    platform, ids = listed
    pboc = platform.client("pboc_demands")
    up = column(pboc, "/demands?sort=amount", "demands", 3)
    assert up[:3] == ["1.00", "2.00", "3.00"]
    down = column(pboc, "/demands?sort=amount&desc=1", "demands", 1)
    assert down[:2] == [f"#{ids[59]}", f"#{ids[58]}"]
    oldest = column(pboc, "/demands?sort=submitted", "demands", 1)
    assert oldest[:2] == [f"#{ids[59]}", f"#{ids[58]}"]


def test_the_demands_filter_by_county_name_and_enterprise(
    listed: tuple[Platform, list[int]],
) -> None:
    platform, ids = listed
    pboc = platform.client("pboc_demands")
    xing = column(pboc, "/demands?q_county=兴县", "demands", 1)
    assert xing == [f"#{ids[n]}" for n in range(1, 60, 3)]
    both = column(pboc, "/demands?q_county=汾阳&q_enterprise=丙", "demands", 1)
    assert both == [f"#{ids[n]}" for n in range(2, 60, 3)]
    assert column(pboc, "/demands?q_county=汾阳&q_enterprise=甲", "demands", 1) == ["暂无需求"]
    assert column(pboc, "/demands?q_status=已提交&q_bank=待受理", "demands", 1)[:1] == [
        f"#{ids[0]}"
    ]


def test_the_demands_export_holds_every_filtered_row(listed: tuple[Platform, list[int]]) -> None:
    platform, ids = listed
    pboc = platform.client("pboc_demands")
    everything = exported(pboc, "/demands", "demands")
    assert [r["编号"] for r in everything] == [f"#{i}" for i in ids]
    assert everything[0]["金额（万元）"] == 1 and everything[0]["县区"] == "离石区"
    xing = exported(pboc, "/demands?q_county=兴县&sort=amount&desc=1", "demands")
    assert [r["编号"] for r in xing] == [f"#{ids[n]}" for n in range(58, 0, -3)]
