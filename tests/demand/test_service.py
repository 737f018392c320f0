"""The demand workflow on the database: who may do what, the reply clock, the sweep (C-3.4.2)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from beizeng.config import get_settings
from beizeng.deadline import service as deadlines
from beizeng.demand import service
from beizeng.demand.errors import DemandNotFound, TransitionRefused
from beizeng.demand.schemas import ApproveBody, DemandCreate, DisburseBody, MessageBody, RejectBody
from beizeng.errors import InvalidInput, NotPermitted
from beizeng.kit.periods import Period
from tests.account.factories import (
    NOW,
    create_bank_user,
    create_enterprise_user,
    create_institution,
    create_user,
    publish,
)


def _demand(**overrides: object) -> DemandCreate:
    values: dict[str, object] = {
        "amount": Decimal("500000"),
        "term_months": 12,
        "purpose": "购买原材料",
        "guarantee_offered": "credit",
    }
    values.update(overrides)
    return DemandCreate(**values)  # type: ignore[arg-type]


def test_a_bank_that_picks_up_an_open_demand_owns_it_and_must_reply_in_five_working_days(
    session: Session,
) -> None:
    ent = create_enterprise_user(session)
    bank = create_bank_user(session)
    other = create_bank_user(session)
    demand = service.post_demand(
        session, settings=get_settings(), principal=ent, data=_demand(), now=NOW
    )
    assert demand.status == "submitted" and demand.deadline is None
    service.get_demand(session, principal=other, demand_id=demand.id, now=NOW)  # open: visible

    service.accept_demand(
        session, settings=get_settings(), principal=bank, demand_id=demand.id, now=NOW
    )

    assert demand.institution_id == bank.institution_id
    assert demand.deadline == date(2022, 6, 13)  # Mon 6-6 + 5 working days
    with pytest.raises(DemandNotFound):
        service.get_demand(session, principal=other, demand_id=demand.id, now=NOW)
    with pytest.raises(DemandNotFound):
        service.accept_demand(
            session, settings=get_settings(), principal=other, demand_id=demand.id, now=NOW
        )


def test_an_enterprise_never_sees_another_enterprises_demand(session: Session) -> None:
    a, b = create_enterprise_user(session), create_enterprise_user(session)
    demand = service.post_demand(
        session, settings=get_settings(), principal=a, data=_demand(), now=NOW
    )
    with pytest.raises(DemandNotFound):
        service.get_demand(session, principal=b, demand_id=demand.id, now=NOW)
    with pytest.raises(DemandNotFound):
        service.withdraw_demand(session, principal=b, demand_id=demand.id, note="", now=NOW)
    assert service.list_demands(session, principal=b, now=NOW).total == 0


def test_a_county_sub_branch_sees_only_open_demands_of_its_county(session: Session) -> None:
    ent = create_enterprise_user(session)  # 柳林县 141123
    institution = create_institution(session)
    liulin = create_bank_user(session, institution, county_code="141123")
    xiaoyi = create_bank_user(session, institution, county_code="141181")
    demand = service.post_demand(
        session, settings=get_settings(), principal=ent, data=_demand(), now=NOW
    )
    assert [r.demand.id for r in service.list_demands(session, principal=liulin, now=NOW).rows] == [
        demand.id
    ]
    assert service.list_demands(session, principal=xiaoyi, now=NOW).total == 0


def test_a_rejection_needs_a_reason_and_the_enterprise_sees_it(session: Session) -> None:
    ent = create_enterprise_user(session)
    bank = create_bank_user(session)
    demand = service.post_demand(
        session, settings=get_settings(), principal=ent, data=_demand(), now=NOW
    )
    service.accept_demand(
        session, settings=get_settings(), principal=bank, demand_id=demand.id, now=NOW
    )
    with pytest.raises(InvalidInput):
        service.reject_demand(
            session, principal=bank, demand_id=demand.id, body=RejectBody(reason="bored"), now=NOW
        )
    with pytest.raises(InvalidInput):
        service.reject_demand(
            session, principal=bank, demand_id=demand.id, body=RejectBody(reason="other"), now=NOW
        )
    service.reject_demand(
        session,
        principal=bank,
        demand_id=demand.id,
        body=RejectBody(reason="collateral", note="需追加保证人"),
        now=NOW + timedelta(days=1),
    )
    view = service.get_demand(session, principal=ent, demand_id=demand.id, now=NOW)
    assert (view.demand.status, view.demand.reject_reason, view.demand.reject_note) == (
        "rejected",
        "collateral",
        "需追加保证人",
    )
    assert [e.action for e in view.events] == ["submit", "accept", "reject"]


def test_illegal_transitions_are_refused_with_409(session: Session) -> None:
    ent = create_enterprise_user(session)
    bank = create_bank_user(session)
    demand = service.post_demand(
        session, settings=get_settings(), principal=ent, data=_demand(), now=NOW
    )
    approve = ApproveBody(amount=Decimal("500000"), rate=Decimal("0.045"), term_months=12)
    with pytest.raises(DemandNotFound):  # not the bank's yet
        service.approve_demand(session, principal=bank, demand_id=demand.id, body=approve, now=NOW)
    service.accept_demand(
        session, settings=get_settings(), principal=bank, demand_id=demand.id, now=NOW
    )
    with pytest.raises(TransitionRefused) as refused:
        service.disburse_demand(
            session, principal=bank, demand_id=demand.id, body=DisburseBody(loan_id="L1"), now=NOW
        )
    assert refused.value.status == 409
    service.approve_demand(session, principal=bank, demand_id=demand.id, body=approve, now=NOW)
    service.disburse_demand(
        session, principal=bank, demand_id=demand.id, body=DisburseBody(loan_id="L1"), now=NOW
    )
    with pytest.raises(TransitionRefused):
        service.withdraw_demand(session, principal=ent, demand_id=demand.id, note="", now=NOW)


def test_only_pboc_or_gov_assign_and_the_clock_starts_at_assignment(session: Session) -> None:
    ent = create_enterprise_user(session)
    bank = create_bank_user(session)
    pboc = create_user(session, "pboc")
    demand = service.post_demand(
        session, settings=get_settings(), principal=ent, data=_demand(), now=NOW
    )
    with pytest.raises(NotPermitted):
        service.assign_demand(
            session,
            settings=get_settings(),
            principal=bank,
            demand_id=demand.id,
            institution_code=bank.institution_code or "",
            now=NOW,
        )
    service.assign_demand(
        session,
        settings=get_settings(),
        principal=pboc,
        demand_id=demand.id,
        institution_code=bank.institution_code or "",
        now=NOW,
    )
    assert demand.channel == "assigned" and demand.deadline == date(2022, 6, 13)
    later = NOW + timedelta(days=2)
    service.accept_demand(
        session, settings=get_settings(), principal=bank, demand_id=demand.id, now=later
    )
    assert demand.deadline == date(2022, 6, 13)  # the clock does not restart at acceptance


def test_a_product_application_goes_to_the_products_bank_only(session: Session) -> None:
    ent = create_enterprise_user(session)
    bank = create_bank_user(session)
    other = create_bank_user(session)
    product_id = publish(session, bank)
    demand = service.post_demand(
        session,
        settings=get_settings(),
        principal=ent,
        data=_demand(product_id=product_id),
        now=NOW,
    )
    assert (demand.channel, demand.institution_id) == ("product", bank.institution_id)
    assert demand.deadline is not None
    with pytest.raises(DemandNotFound):
        service.get_demand(session, principal=other, demand_id=demand.id, now=NOW)


def test_messages_go_between_the_enterprise_and_its_bank_only(session: Session) -> None:
    ent = create_enterprise_user(session)
    bank = create_bank_user(session)
    other = create_bank_user(session)
    demand = service.post_demand(
        session, settings=get_settings(), principal=ent, data=_demand(), now=NOW
    )
    with pytest.raises(DemandNotFound):
        service.post_message(
            session,
            principal=other,
            demand_id=demand.id,
            body=MessageBody(body="我行可办"),
            now=NOW,
        )
    service.accept_demand(
        session, settings=get_settings(), principal=bank, demand_id=demand.id, now=NOW
    )
    service.post_message(
        session, principal=bank, demand_id=demand.id, body=MessageBody(body="请补充报表"), now=NOW
    )
    service.post_message(
        session, principal=ent, demand_id=demand.id, body=MessageBody(body="已上传"), now=NOW
    )
    view = service.get_demand(session, principal=ent, demand_id=demand.id, now=NOW)
    assert [(m.side, m.body) for m in view.messages] == [
        ("bank", "请补充报表"),
        ("enterprise", "已上传"),
    ]


def test_the_sweep_lists_due_and_overdue_demands_and_counts_late_replies_per_bank(
    session: Session,
) -> None:
    ent = create_enterprise_user(session)
    bank = create_bank_user(session)
    first = service.post_demand(
        session, settings=get_settings(), principal=ent, data=_demand(), now=NOW
    )
    second = service.post_demand(
        session, settings=get_settings(), principal=ent, data=_demand(), now=NOW
    )
    service.accept_demand(
        session, settings=get_settings(), principal=bank, demand_id=first.id, now=NOW
    )
    service.accept_demand(
        session, settings=get_settings(), principal=bank, demand_id=second.id, now=NOW
    )
    # deadline 2022-06-13 (Mon). On Friday 06-10 both are due by the next working day.
    due = deadlines.sweep(session, today=date(2022, 6, 10))
    mine = [b for b in due.banks if b.institution_code == bank.institution_code][0]
    assert {i.demand_id for i in mine.due_soon} == {first.id, second.id} and not mine.overdue
    # the first is answered late on 06-15, the second never
    service.reject_demand(
        session,
        principal=bank,
        demand_id=first.id,
        body=RejectBody(reason="credit_record"),
        now=NOW + timedelta(days=9),
    )
    late = deadlines.sweep(session, today=date(2022, 6, 16))
    mine = [b for b in late.banks if b.institution_code == bank.institution_code][0]
    assert [i.demand_id for i in mine.overdue] == [second.id]
    counts = deadlines.overdue_counts(session, Period(2022, 6), today=date(2022, 6, 30))
    assert counts[bank.institution_code or ""] == 2
