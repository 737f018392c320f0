"""The notices' tracking table sorted, filtered and paged on the server, its export every
filtered notice, its summary every notice of the period (issue 14 point 4)."""

from __future__ import annotations

import pytest

from tests.account.factories import create_institution, create_user
from tests.http.listed import column, exported
from tests.notice.helpers import ISSUED, notice
from tests.web.conftest import Platform, platform

__all__ = ["platform"]

N = 55
NAMES = [f"测试{n:02d}银行吕梁分行" for n in range(N)]


@pytest.fixture
def tracked(platform: Platform) -> Platform:
    """55 notices of 2022-06, one per bank (registered in name order); every third
    acknowledged."""
    with platform.session() as s:
        for n, name in enumerate(NAMES):
            row = notice(s, create_institution(s, name=name))
            if n % 3 == 0:
                row.acknowledged_at = ISSUED
        create_user(s, "pboc", username="pboc_tracking")
        s.commit()
    return platform


def test_the_tracking_pages_fifty_notices_by_institution_code(tracked: Platform) -> None:
    pboc = tracked.client("pboc_tracking")
    assert column(pboc, "/notices/tracking", "notices", 2) == NAMES[:50]
    assert column(pboc, "/notices/tracking?page=2", "notices", 2) == NAMES[50:]
    page = pboc.get("/notices/tracking?page=2").text
    assert f'data-count="issued">{N}<' in page and 'data-count="acknowledged">19<' in page


def test_the_tracking_sorts_and_filters(tracked: Platform) -> None:
    pboc = tracked.client("pboc_tracking")
    assert column(pboc, "/notices/tracking?sort=institution&desc=1", "notices", 2)[:2] == [
        NAMES[54],
        NAMES[53],
    ]
    acknowledged = column(pboc, "/notices/tracking?q_stage=已签收", "notices", 2)
    assert acknowledged == NAMES[::3]
    assert column(pboc, "/notices/tracking?q_institution=测试0&q_stage=待签收", "notices", 2) == [
        NAMES[n] for n in (1, 2, 4, 5, 7, 8)
    ]
    assert column(pboc, "/notices/tracking?q_institution=丙", "notices", 1) == [
        "没有符合筛选条件的通报"
    ]


def test_the_tracking_exports_every_filtered_notice(tracked: Platform) -> None:
    pboc = tracked.client("pboc_tracking")
    assert [r["机构"] for r in exported(pboc, "/notices/tracking", "notices")] == NAMES
    pending = exported(
        pboc, "/notices/tracking?period=2022-06&q_stage=待签收&sort=institution&desc=1", "notices"
    )
    assert [r["机构"] for r in pending] == [NAMES[n] for n in range(N - 1, -1, -1) if n % 3]
    assert {r["状态"] for r in pending} == {"待签收"}
