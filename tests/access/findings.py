"""The data behind the probe-finding tests: a small platform of two banks, the supervisors,
an insurer, a guarantor and an enterprise of 兴县 with a demand, an event and an assignment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.account import service as accounts
from beizeng.config import Settings
from beizeng.demand import service as demands
from beizeng.demand.schemas import DemandCreate
from beizeng.event import service as events
from beizeng.models.account import Enterprise, User
from beizeng.models.outreach import (
    AssignmentRun,
    OutreachAssignment,
    OutreachEntity,
    OutreachList,
)
from tests.account.factories import (
    NOW,
    create_bank_user,
    create_enterprise_user,
    create_institution,
    create_user,
    make_uscc,
)
from tests.web.conftest import Platform

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass
class Probe:
    settings: Settings
    demand_id: int
    demand_b_id: int
    event_id: int
    assignment_id: int
    bank_a_code: str
    bank_b_code: str
    enterprise_uscc: str
    agreement_enterprise: str
    tokens: dict[str, str]


def settings_of(platform: Platform) -> Settings:
    settings: Settings = platform.client().app.state.settings  # type: ignore[attr-defined]
    return settings


def bind_authenticator(s: Session, principal: Principal) -> None:
    user = s.get(User, principal.user_id)
    assert user is not None
    user.totp_secret = TOTP_SECRET
    user.totp_enrolled_at = NOW - timedelta(days=1)
    s.flush()


def probe(platform: Platform) -> Probe:
    """Users bank_a, bank_b, pboc, gov, insurer, guarantor, ent (兴县) and ent_b; a demand of
    ent accepted by bank_a and one accepted by bank_b; an event with bank_a and ent invited and
    an agreement of bank_a; an outreach entity (ent's USCC) assigned to bank_a; tokens of bank_a
    (one per scope)."""
    settings = settings_of(platform)
    with platform.session() as s:
        inst_a = create_institution(s, name="甲银行吕梁分行")
        inst_b = create_institution(s, name="乙银行吕梁分行")
        bank_a = create_bank_user(s, inst_a, username="bank_a")
        bank_b = create_bank_user(s, inst_b, username="bank_b")
        pboc = create_user(s, "pboc", username="pboc_city")
        create_user(s, "gov", username="gov_user")
        insurer = create_institution(s, name="某保险吕梁中心支公司", category="insurer")
        create_user(s, "insurer", username="insurer_user", institution_code=insurer.code)
        guarantor = create_institution(s, name="吕梁市某融资担保公司", category="guarantor")
        create_user(s, "guarantor", username="guarantor_user", institution_code=guarantor.code)
        ent = create_enterprise_user(s, name="兴县探针企业有限公司", username="ent")
        firm = s.get(Enterprise, ent.enterprise_id)
        assert firm is not None
        _, listed_at = _outreach(s, bank_a, firm.uscc)
        data = DemandCreate(
            amount=Decimal("300000"),
            term_months=12,
            purpose="采购原材料",
            guarantee_offered="credit",
        )
        taken = demands.post_demand(s, settings=settings, principal=ent, data=data, now=NOW)
        demands.accept_demand(s, settings=settings, principal=bank_a, demand_id=taken.id, now=NOW)
        other = demands.post_demand(s, settings=settings, principal=ent, data=data, now=NOW)
        demands.accept_demand(s, settings=settings, principal=bank_b, demand_id=other.id, now=NOW)
        event = events.create_event(
            s, principal=pboc, kind="sme_meeting", title="银企对接会", held_on=date(2022, 6, 6)
        )
        s.flush()
        events.invite(
            s,
            principal=pboc,
            event_id=event.id,
            now=NOW,
            bank_codes=[inst_a.code],
            enterprise_usccs=[firm.uscc],
        )
        events.record_agreement(
            s,
            principal=pboc,
            event_id=event.id,
            bank_code=inst_a.code,
            enterprise_uscc=make_uscc(),
            enterprise_name="甲行签约秘密企业",
            amount=Decimal("1000000"),
            signed_on=date(2022, 6, 6),
        )
        tokens = {}
        for scope in ("demands:read", "demands:write", "products:read", "products:write"):
            _, tokens[scope] = accounts.create_token(
                s,
                principal=bank_a,
                name=scope,
                scopes=frozenset({scope}),
                days=30,
                max_days=90,
                now=NOW,
            )
        assignment_id = listed_at
        s.commit()
        return Probe(
            settings,
            taken.id,
            other.id,
            event.id,
            assignment_id,
            inst_a.code,
            inst_b.code,
            firm.uscc,
            "甲行签约秘密企业",
            tokens,
        )


def _outreach(s: Session, bank: Principal, identifier: str) -> tuple[int, int]:
    """A list (uploaded the day before) with one entity assigned to ``bank``; returns the
    entity's and the assignment's ids."""
    listed = OutreachList(
        title="兴县无贷户名单",
        source_name="list.csv",
        source_sha256="0" * 64,
        as_of=None,
        rows=1,
        removed_borrowers=0,
        idle_workdays=10,
        uploaded_by="gov_user",
        uploaded_at=NOW - timedelta(days=1),
    )
    s.add(listed)
    s.flush()
    entity = OutreachEntity(
        list_id=listed.id,
        identifier=identifier,
        name="兴县探针企业有限公司",
        kind="enterprise",
        county_code="141123",
    )
    s.add(entity)
    s.flush()
    run = AssignmentRun(
        list_id=listed.id, kind="assign", at=NOW, actor="test", assigned=1, waiting=0, summary=""
    )
    s.add(run)
    s.flush()
    assert bank.institution_id is not None
    assignment = OutreachAssignment(
        entity_id=entity.id,
        active_entity_id=entity.id,
        institution_id=bank.institution_id,
        run_id=run.id,
        basis="county",
        assigned_at=NOW - timedelta(days=1),
        assigned_on=(NOW - timedelta(days=1)).date(),
        idle_due_on=NOW.date() + timedelta(days=14),
    )
    s.add(assignment)
    s.flush()
    return entity.id, assignment.id
