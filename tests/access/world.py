"""One data set and one app per backend for the access tests, with a signed-in client for every
principal of the matrix.

The data: a demand posted by an enterprise of 兴县 (141123) and accepted by the bank, a product
of the bank and its four lists, a matching event with the bank and the enterprise invited, an
outreach list with an entity assigned to the bank, a policy with an attachment, a relending batch
of the bank, and API tokens of the bank (one scope each) and of the enterprise (demands:write).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pyotp
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from beizeng import db
from beizeng.access.principal import Principal
from beizeng.config import Settings
from beizeng.demand import service as demands
from beizeng.demand.schemas import DemandCreate
from beizeng.event import service as events
from beizeng.kit.clock import FrozenClock
from beizeng.library import service as library
from beizeng.models.account import Enterprise, User
from beizeng.models.library import PolicyAttachment
from beizeng.models.outreach import (
    AssignmentRun,
    OutreachAssignment,
    OutreachEntity,
    OutreachList,
)
from beizeng.models.tools import RelendingBatch
from beizeng.product import service as products
from beizeng.product.schemas import FourListWrite
from beizeng.web.app import create_app
from tests.account.factories import (
    NOW,
    PASSWORD,
    create_bank_user,
    create_enterprise_user,
    create_institution,
    create_token,
    create_user,
    publish,
)
from tests.web.conftest import csrf, login

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SECRET = "access-matrix-secret-key-not-for-production"
COUNTY = "141123"
SESSION_PRINCIPALS = ("pboc", "pboc_county", "gov", "bank", "insurer", "guarantor", "enterprise")
TOKEN_PRINCIPALS = {
    "tok_demands_read": ("bank", "demands:read"),
    "tok_demands_write": ("bank", "demands:write"),
    "tok_products_read": ("bank", "products:read"),
    "tok_products_write": ("bank", "products:write"),
    "ent_tok_demands_write": ("enterprise", "demands:write"),
}
PRINCIPALS = ("anonymous", *SESSION_PRINCIPALS, *TOKEN_PRINCIPALS)


@dataclass
class World:
    app: FastAPI
    engine: Engine
    settings: Settings
    clock: FrozenClock
    ids: dict[str, object]
    tokens: dict[str, str]
    usernames: dict[str, str]
    clients: dict[str, TestClient] = field(default_factory=dict)
    csrf: dict[str, str] = field(default_factory=dict)

    def session(self) -> Session:
        session = Session(self.engine, expire_on_commit=False)
        session.info["actor"] = "test"
        return session

    def new_client(self) -> TestClient:
        return TestClient(self.app, base_url="http://testserver", raise_server_exceptions=False)

    def sign_in(self, name: str) -> None:
        """(Re)open the session of a session principal, or a visitor's session (anonymous).

        The city pboc user has an authenticator: it signs in with password and TOTP code, so
        its session has shown the second factor."""
        client = self.clients.get(name) or self.new_client()
        client.cookies.clear()
        if name == "tokens":  # the bare client the API tokens are sent with
            self.clients[name] = client
            return
        if name == "pboc":
            sign_in_with_code(client, self.usernames[name], self.clock)
        elif name != "anonymous":
            login(client, self.usernames[name])
        self.csrf[name] = csrf(client)
        self.clients[name] = client

    def client(self, name: str) -> TestClient:
        if name not in self.clients:
            self.sign_in(name)
        return self.clients[name]

    def close(self) -> None:
        for client in self.clients.values():
            client.close()


def sign_in_with_code(client: TestClient, username: str, clock: FrozenClock) -> None:
    """Password, then the authenticator's code. A code is accepted once, and every step up
    to one past the last sign-in counts as used, so the clock moves on by more than two
    30-second steps before each sign-in."""
    clock.advance(seconds=65)
    token = csrf(client)
    first = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert first.status_code == 303 and first.headers["location"] == "/login/code", first.text
    code = pyotp.TOTP(TOTP_SECRET).at(clock.now())
    second = client.post(
        "/login/code",
        data={"code": code, "csrf_token": csrf(client, "/login/code")},
        follow_redirects=False,
    )
    assert second.status_code == 303, second.text


def build(url: str, home: Path) -> World:
    engine = db.make_engine(url)
    settings = Settings(home=home, database_url=url, secret_key=SECRET)
    clock = FrozenClock(NOW)
    app = create_app(settings, clock=clock, engine=engine)
    ids: dict[str, object] = {}
    tokens: dict[str, str] = {}
    with Session(engine, expire_on_commit=False) as s:
        s.info["actor"] = "test"
        bank_inst = create_institution(s, name="矩阵银行吕梁分行")
        other_inst = create_institution(s, name="另一银行吕梁分行")
        insurer_inst = create_institution(s, name="矩阵保险吕梁中心支公司", category="insurer")
        guarantor_inst = create_institution(s, name="吕梁市矩阵融资担保公司", category="guarantor")
        pboc = create_user(s, "pboc", username="m_pboc")
        create_user(s, "pboc", username="m_pboc_county", county_code=COUNTY)
        gov = create_user(s, "gov", username="m_gov")
        bank = create_bank_user(s, bank_inst, username="m_bank")
        create_bank_user(s, other_inst, username="m_other_bank")
        create_user(s, "insurer", username="m_insurer", institution_code=insurer_inst.code)
        create_user(s, "guarantor", username="m_guarantor", institution_code=guarantor_inst.code)
        ent = create_enterprise_user(s, name="矩阵兴县企业有限公司", username="m_ent")
        user = s.get(User, pboc.user_id)
        assert user is not None
        user.totp_secret = TOTP_SECRET  # an authenticator is bound
        user.totp_enrolled_at = NOW - timedelta(days=1)
        s.flush()

        demand = demands.post_demand(
            s,
            settings=settings,
            principal=ent,
            data=DemandCreate(
                amount=Decimal("300000"),
                term_months=12,
                purpose="采购原材料",
                guarantee_offered="credit",
            ),
            now=NOW,
        )
        demands.accept_demand(s, settings=settings, principal=bank, demand_id=demand.id, now=NOW)
        ids["demand_id"] = demand.id
        ids["product_id"] = publish(s, bank, name="矩阵贷")
        products.set_four_list(
            s, principal=bank, kind="authorization", data=FourListWrite(body="支行审批"), now=NOW
        )
        ids["code"] = bank_inst.code
        ids["kind"] = "authorization"

        event = events.create_event(
            s, principal=pboc, kind="sme_meeting", title="矩阵银企对接会", held_on=date(2022, 6, 10)
        )
        s.flush()
        firm = s.get(Enterprise, ent.enterprise_id)
        assert firm is not None
        events.invite(
            s,
            principal=pboc,
            event_id=event.id,
            now=NOW,
            bank_codes=[bank_inst.code],
            enterprise_usccs=[firm.uscc],
        )
        ids["event_id"] = event.id
        ids["bank_code"] = bank_inst.code
        ids["other_bank_code"] = other_inst.code
        ids["enterprise_uscc"] = firm.uscc

        ids["assignment_id"] = _assignment(s, bank, gov)
        policy = library.publish(
            s,
            principal=gov,
            data=library.PolicyInput(
                title="吕梁市普惠金融支持政策",
                issuer="吕梁市金融办",
                issued_on=date(2022, 5, 1),
                text="支持小微企业首贷。",
            ),
            settings=settings,
            attachments=[("细则.pdf", b"%PDF-1.4 matrix")],
        )
        s.flush()
        ids["policy_id"] = policy.id
        attachment = s.query(PolicyAttachment).filter_by(policy_id=policy.id).one()
        ids["attachment_id"] = attachment.id
        batch = RelendingBatch(
            programme="relending_smb",
            institution_code=bank_inst.code,
            period="2022-05",
            term="1y",
            status="pending",
            applied_on=date(2022, 6, 1),
            eligible_amount=Decimal("500000.00"),
            rate=Decimal("0.0200"),
            entered_by="m_bank",
        )
        s.add(batch)
        s.flush()
        ids["batch_id"] = batch.id
        ids["claim_id"] = 999_999  # no subsidy claim: 404 to whoever passes the policy
        ids["quarter"] = "2022Q2"  # no support-tool statement: 404 past the policy
        ids["loan_id"] = 999_999  # no guaranteed loan: 404 past the policy
        ids["version_id"] = 999_999  # no stored plan version: 404 to whoever passes the policy
        ids["target_id"] = "loan_growth"  # a target of the packaged plan (issue 14 breakdown)
        ids["chart"] = "targets"  # the dashboard chart of the targets (issue 14 point 6)
        ids["workbook_token"] = "1-" + "0" * 32  # no error workbook: 404 past the policy
        ids["notice_id"] = 999_999  # no notice issued: 404 to whoever passes the policy

        principals = {"bank": bank, "enterprise": ent}
        for name, (owner, scope) in TOKEN_PRINCIPALS.items():
            _, tokens[name] = create_token(s, principals[owner], scope, name=name)
        spare, _ = create_token(s, bank, "products:read", name="spare")
        ids["token_id"] = spare.id
        s.commit()
    usernames = {name: f"m_{name}" for name in SESSION_PRINCIPALS}
    usernames["enterprise"] = "m_ent"
    return World(app, engine, settings, clock, ids, tokens, usernames)


def _assignment(s: Session, bank: Principal, gov: Principal) -> int:
    """An outreach list of one entity (兴县) assigned to the bank, written as rows."""
    listed = OutreachList(
        title="兴县无贷户名单",
        source_name="list.csv",
        source_sha256="0" * 64,
        as_of=None,
        rows=1,
        removed_borrowers=0,
        idle_workdays=10,
        uploaded_by=gov.username,
        uploaded_at=NOW,
    )
    s.add(listed)
    s.flush()
    entity = OutreachEntity(
        list_id=listed.id,
        identifier="91141123MA0K000001",
        name="兴县无贷企业有限公司",
        kind="enterprise",
        county_code=COUNTY,
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
        assigned_at=NOW,
        assigned_on=NOW.date(),
        idle_due_on=NOW.date() + timedelta(days=14),
    )
    s.add(assignment)
    s.flush()
    return assignment.id
