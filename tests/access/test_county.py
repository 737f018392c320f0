"""County sub-branches (双线三级, C-3.1.2): a county pboc user sees and acts on its county only.

On both databases: demands, events and agreements, the reply supervision, and the city-only
actions; the policy's own refusals are checked in ``test_policy``.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from beizeng.access.errors import ActionRefused
from beizeng.account import service as accounts
from beizeng.account.errors import AccountInvalid
from beizeng.config import get_settings
from beizeng.deadline import service as deadlines
from beizeng.demand import service as demands
from beizeng.demand.errors import DemandNotFound
from beizeng.demand.schemas import DemandCreate
from beizeng.enterprise import service as enterprises
from beizeng.event import service as events
from beizeng.event.errors import EventInvalid, EventNotFound
from beizeng.kit.clock import china_date
from beizeng.kit.periods import Period
from beizeng.outreach import assignment
from tests.account.factories import (
    NOW,
    create_bank_user,
    create_enterprise_user,
    create_institution,
    create_user,
)

XING = "141123"  # 兴县
XIAOYI = "141181"  # 孝义市


def _post(session: Session, county: str) -> int:
    enterprise = create_enterprise_user(session, county_code=county)
    data = DemandCreate(
        amount=Decimal("300000"), term_months=12, purpose="购买原材料", guarantee_offered="credit"
    )
    return demands.post_demand(
        session, settings=get_settings(), principal=enterprise, data=data, now=NOW
    ).id


def test_a_county_pboc_user_is_created_with_its_county_and_a_gov_user_with_its_department(
    session: Session,
) -> None:
    county = create_user(session, "pboc", county_code=XING)
    assert county.is_county_pboc and county.supervised_county == XING
    city = create_user(session, "pboc")
    assert not city.is_county_pboc and city.supervised_county is None
    gov = create_user(session, "gov", department="法院")
    assert gov.department == "法院"
    with pytest.raises(AccountInvalid, match="须指定所属部门"):
        create_user(session, "gov", department=None)
    with pytest.raises(AccountInvalid, match="不属于政府部门"):
        create_user(session, "pboc", department="法院")
    with pytest.raises(AccountInvalid, match="不能指定县区"):
        create_user(session, "gov", county_code=XING)
    with pytest.raises(AccountInvalid, match="不是吕梁市所辖县区"):
        create_user(session, "pboc", county_code="140105")


def test_a_county_sub_branch_reads_only_the_demands_of_its_county(session: Session) -> None:
    here, there = _post(session, XING), _post(session, XIAOYI)
    county = create_user(session, "pboc", county_code=XING)
    city = create_user(session, "pboc")
    assert [r.demand.id for r in demands.list_demands(session, principal=county, now=NOW).rows] == [
        here
    ]
    assert demands.list_demands(session, principal=county, now=NOW).total == 1
    assert {r.demand.id for r in demands.list_demands(session, principal=city, now=NOW).rows} == {
        here,
        there,
    }
    assert demands.get_demand(session, principal=county, demand_id=here, now=NOW).demand.id == here
    with pytest.raises(DemandNotFound):
        demands.get_demand(session, principal=county, demand_id=there, now=NOW)


def test_a_county_sub_branch_assigns_only_in_its_county(session: Session) -> None:
    there = _post(session, XIAOYI)
    bank = create_bank_user(session)
    county = create_user(session, "pboc", county_code=XING)
    with pytest.raises(DemandNotFound):
        demands.assign_demand(
            session,
            settings=get_settings(),
            principal=county,
            demand_id=there,
            institution_code=bank.institution_code or "",
            now=NOW,
        )


def test_events_of_a_county_are_the_county_sub_branchs_and_other_roles_see_none(
    session: Session,
) -> None:
    city = create_user(session, "pboc")
    county = create_user(session, "pboc", county_code=XING)
    held = date(2022, 6, 10)
    here = events.create_event(
        session,
        principal=city,
        kind="sme_meeting",
        title="兴县对接会",
        held_on=held,
        county_code=XING,
    )
    there = events.create_event(
        session,
        principal=city,
        kind="sme_meeting",
        title="孝义对接会",
        held_on=held,
        county_code=XIAOYI,
    )
    assert [e.id for e in events.list_events(session, principal=county)] == [here.id]
    with pytest.raises(EventNotFound):
        events.event_view(session, principal=county, event_id=there.id)
    own = events.create_event(
        session, principal=county, kind="sme_meeting", title="兴县第二场", held_on=held
    )
    assert own.county_code == XING  # a county sub-branch's event is its county's
    with pytest.raises(EventInvalid, match="只能组织本县区"):
        events.create_event(
            session,
            principal=county,
            kind="sme_meeting",
            title="越界",
            held_on=held,
            county_code=XIAOYI,
        )
    for role in ("insurer", "guarantor"):
        provider = create_user(session, role, institution_code=create_institution(session).code)
        with pytest.raises(ActionRefused):
            events.event_view(session, principal=provider, event_id=here.id)
        with pytest.raises(ActionRefused):
            events.all_reports(session, principal=provider)


def test_agreements_are_read_by_their_bank_and_their_countys_sub_branch_only(
    session: Session,
) -> None:
    city = create_user(session, "pboc")
    county = create_user(session, "pboc", county_code=XING)
    elsewhere = create_user(session, "pboc", county_code=XIAOYI)
    a, b = create_bank_user(session), create_bank_user(session)
    event = events.create_event(
        session,
        principal=city,
        kind="sme_meeting",
        title="兴县对接会",
        held_on=date(2022, 6, 10),
        county_code=XING,
    )
    firm = create_enterprise_user(session, county_code=XING)
    profile = enterprises.enterprise_by_id(session, firm.enterprise_id or 0)
    assert profile is not None
    uscc = profile.uscc
    events.invite(
        session,
        principal=city,
        event_id=event.id,
        now=NOW,
        bank_codes=[a.institution_code or "", b.institution_code or ""],
        enterprise_usccs=[uscc],
    )
    for bank in (a, b):
        events.record_agreement(
            session,
            principal=bank,
            event_id=event.id,
            bank_code=bank.institution_code or "",
            enterprise_uscc=uscc,
            enterprise_name="兴县企业",
            amount=Decimal("100000"),
            signed_on=date(2022, 6, 10),
        )
    seen = {
        p.username: events.event_view(session, principal=p, event_id=event.id)
        for p in (a, city, county)
    }
    assert [code for _, code in seen[a.username].agreements] == [a.institution_code]
    assert len(seen[city.username].agreements) == 2
    assert len(seen[county.username].agreements) == 2
    with pytest.raises(EventNotFound):
        events.event_view(session, principal=elsewhere, event_id=event.id)
    # The invited enterprise sees the event but no bank's agreements.
    assert events.event_view(session, principal=firm, event_id=event.id).agreements == []


def test_the_reply_supervision_of_a_county_counts_its_county_only(session: Session) -> None:
    here, there = _post(session, XING), _post(session, XIAOYI)
    bank = create_bank_user(session)
    for demand_id in (here, there):
        demands.accept_demand(
            session, settings=get_settings(), principal=bank, demand_id=demand_id, now=NOW
        )
    late = NOW + timedelta(days=30)
    today = china_date(late)
    period = Period.of(china_date(NOW) + timedelta(days=7))
    city_counts = deadlines.overdue_counts(session, period, today=today)
    county_counts = deadlines.overdue_counts(session, period, today=today, county=XING)
    assert city_counts == {bank.institution_code: 2}
    assert county_counts == {bank.institution_code: 1}
    swept = deadlines.sweep(session, today=today, county=XING)
    assert [item.demand_id for b in swept.banks for item in b.overdue] == [here]


def test_city_only_actions_are_refused_to_a_county_sub_branch(session: Session) -> None:
    county = create_user(session, "pboc", county_code=XING)
    bank = create_bank_user(session)
    with pytest.raises(ActionRefused, match="吕梁市分行"):
        assignment.set_capacity(
            session, principal=county, institution_code=bank.institution_code or "", capacity=5
        )
    assert accounts.session_principal(session, user_id=county.user_id, epoch=0) is not None
