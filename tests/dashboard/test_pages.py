"""Dashboards through the app: pboc's board with targets, charts and the map; a bank's own;
an enterprise's demands and policies. The cache follows the latest ledger submission."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sqlalchemy import select

from beizeng.config import get_settings
from beizeng.library import service as library
from beizeng.models.dashboard import DashboardCache
from tests.account.factories import create_enterprise_user, create_user
from tests.ledger.builders import uscc
from tests.outreach.helpers import import_ledger, loan
from tests.web.conftest import Platform


def test_pboc_board_shows_targets_map_of_13_counties_and_svg_charts(staffed: Platform) -> None:
    page = staffed.client("pboc1").get("/dashboard?metric=loans").text
    assert "（2022-06）" in page
    assert 'id="targets"' in page
    assert len(re.findall(r'data-county="1411\d\d"', page)) == 13
    assert page.count("<svg") >= 13  # the map and the trend charts, all inline
    assert "<script" not in page


def test_a_new_ledger_invalidates_the_precomputed_numbers(
    staffed: Platform, tmp_path: Path
) -> None:
    staffed.client("pboc1").get("/dashboard")
    with staffed.session() as s:
        before = s.scalar(
            select(DashboardCache.stamp).where(DashboardCache.key == "ledger-numbers")
        )
        import_ledger(s, tmp_path, "ICBCLL", "2022-07", [loan(1, uscc(900001), "141102")])
        s.commit()
    assert "（2022-07）" in staffed.client("pboc1").get("/dashboard").text
    with staffed.session() as s:
        after = s.scalar(select(DashboardCache.stamp).where(DashboardCache.key == "ledger-numbers"))
    assert before is not None and after is not None and after > before


def test_a_bank_board_shows_only_its_own_numbers(staffed: Platform) -> None:
    page = staffed.client("abc1").get("/dashboard").text
    assert "中国农业银行吕梁分行看板" in page
    assert "中国工商银行吕梁分行" not in page
    assert 'id="county-map"' not in page


def test_an_enterprise_board_lists_its_demands_and_the_policies_for_it(staffed: Platform) -> None:
    with staffed.session() as s:
        create_enterprise_user(s, username="firm2", county_code="141125")
        pboc = create_user(s, "pboc")
        data = library.PolicyInput(
            title="柳林县首贷贴息办法",
            issuer="柳林县人民政府",
            issued_on=date(2022, 5, 1),
            text="贴息",
            counties=("141125",),
        )
        library.publish(s, principal=pboc, data=data, settings=get_settings())
        other = library.PolicyInput(
            title="孝义市专项政策",
            issuer="孝义市人民政府",
            issued_on=date(2022, 5, 1),
            text="x",
            counties=("141181",),
        )
        library.publish(s, principal=pboc, data=other, settings=get_settings())
        s.commit()
    page = staffed.client("firm2").get("/dashboard").text
    assert "柳林县首贷贴息办法" in page and "孝义市专项政策" not in page
    assert "尚未发布需求" in page


def test_a_county_sub_branch_board_shows_its_county_and_each_banks_lending_there(
    staffed: Platform,
) -> None:
    """C-3.1.2 (双线三级): 柳林县支行 sees 柳林's targets and trend and the banks lending in
    柳林 (only ICBCLL there), not the city's map or other counties."""
    with staffed.session() as s:
        create_user(s, "pboc", username="liulin1", county_code="141125")
        s.commit()
    page = staffed.client("liulin1").get("/dashboard").text
    assert "柳林县倍增工程看板（2022-06）" in page
    assert 'id="county-map"' not in page
    branches = page[page.index('id="branches"') :]
    branches = branches[: branches.index("</section>")]
    assert "中国工商银行吕梁分行" in branches
    assert "中国农业银行吕梁分行" not in branches  # ABCLL lends in 离石 only
    assert "本县区合计" in branches
    # The default plan judges no target per county: none of the city's or the banks' targets.
    assert 'id="targets"' not in page
    assert "离石区" not in branches
