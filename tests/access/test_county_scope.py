"""A county sub-branch of the PBoC follows the demands of its county only (C-3.1.2: the city
sub-branch leads, the county sub-branches act in their county; DESIGN: every user sees only what
their role, institution and level allow)."""

from __future__ import annotations

from decimal import Decimal

from beizeng.demand import service as demands
from beizeng.demand.schemas import DemandCreate
from tests.access.findings import settings_of
from tests.account.factories import NOW, create_enterprise_user, create_user
from tests.web.conftest import Platform


def _two_counties(platform: Platform) -> tuple[int, int]:
    settings = settings_of(platform)
    data = DemandCreate(
        amount=Decimal("200000"), term_months=12, purpose="购置设备", guarantee_offered="credit"
    )
    with platform.session() as s:
        xing = create_enterprise_user(s, name="兴县甲企业有限公司", county_code="141123")
        lishi = create_enterprise_user(s, name="离石乙企业有限公司", county_code="141102")
        create_user(s, "pboc", username="pboc_xing", county_code="141123")
        create_user(s, "pboc", username="pboc_city")
        mine = demands.post_demand(s, settings=settings, principal=xing, data=data, now=NOW)
        other = demands.post_demand(s, settings=settings, principal=lishi, data=data, now=NOW)
        s.commit()
        return mine.id, other.id


def test_a_county_pboc_user_lists_only_the_demands_of_its_county(platform: Platform) -> None:
    mine, other = _two_counties(platform)
    county = platform.client("pboc_xing")
    listed = county.get("/api/demands")
    assert listed.status_code == 200, listed.text
    ids = {d["id"] for d in listed.json()["items"]}
    assert mine in ids
    assert other not in ids, "a county sub-branch sees another county's demand"
    assert listed.json()["total"] == 1
    assert county.get(f"/api/demands/{other}").status_code == 404
    assert "离石乙企业" not in county.get("/demands").text


def test_the_city_pboc_user_lists_the_demands_of_every_county(platform: Platform) -> None:
    mine, other = _two_counties(platform)
    listed = platform.client("pboc_city").get("/api/demands")
    assert listed.status_code == 200
    assert {mine, other} <= {d["id"] for d in listed.json()["items"]}
