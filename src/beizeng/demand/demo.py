"""The platform's demo: accounts for every role, enterprises, products with the four lists, and
demands in every workflow state (issue 5, point 7).

It lives with the demands, the highest of the features it seeds (accounts, institutions,
enterprises, products), so that none of those lower features imports a higher one.

Everything goes through the services, so the demo obeys the same rules as real users and its
audit log reads like a real one. Times are set relative to ``now`` so that some demands are due
soon and some are overdue whatever day the demo is run.
"""

from __future__ import annotations

import os
import random
import secrets
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.access.principal import ROLES, Principal
from beizeng.account import service as accounts
from beizeng.account.rules import password_problems
from beizeng.config import Settings
from beizeng.demand import service as demands
from beizeng.demand.demo_record import clerk_usernames, seed_service_record
from beizeng.demand.schemas import ApproveBody, DemandCreate, DisburseBody, MessageBody, RejectBody
from beizeng.enterprise import service as enterprises
from beizeng.enterprise.schemas import EnterpriseProfile, EnterpriseRegister
from beizeng.institution.service import import_registry, list_institutions, packaged_registry
from beizeng.kit.demorun import DemoRun
from beizeng.product import service as products
from beizeng.product.schemas import ProductTerms
from beizeng.reference.identifiers import uscc_check_char

CATALOGUE_FILE = "demo-products.toml"
PASSWORD_FILE = "demo-password"
"""Where a demo home keeps its generated password (mode 0600): no password is in the repo."""


def demo_password(home: Path) -> str:
    """The demo accounts' password of this home: generated once, then read back.

    Every demo account shares it, so a person can try each role; it is random per home so no
    installation shares a known password.
    """
    path = home / PASSWORD_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    password = _new_password()
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(password)
    return password


def _new_password() -> str:
    """A random password that every demo account's password rule accepts.

    The rule refuses a password containing the username, and short usernames such as
    ``abc`` or ``gov`` can occur in random text, so draw again until no account objects.
    """
    usernames = demo_usernames()
    while True:
        password = "Bz" + secrets.token_urlsafe(12) + str(secrets.randbelow(10))
        if not any(password_problems(password, username=u) for u in usernames):
            return password


def demo_usernames() -> list[str]:
    """Every account the demo creates, the banks' list clerks (``<code>_lists``) included."""
    staff_banks = {str(row[2]) for row in _STAFF if row[1] == "bank"}
    return (
        [row[0] for row in _STAFF]
        + [f"ent{n}" for n in range(1, len(_ENTERPRISES) + 1)]
        + clerk_usernames(packaged_registry(), staff_banks)
    )


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    who: str


_STAFF = [
    ("pboc", "pboc", None, None, "人民银行吕梁市中心支行"),
    ("pboc_xing", "pboc", None, "141123", "人民银行兴县支行"),
    ("gov", "gov", None, None, "吕梁市地方金融监督管理局"),
    ("icbc", "bank", "ICBCLL", None, "中国工商银行吕梁分行"),
    ("abc", "bank", "ABCLL", None, "中国农业银行吕梁分行"),
    ("psbc", "bank", "PSBCLL", None, "中国邮政储蓄银行吕梁市分行"),
    ("llrcb", "bank", "LLRCB", None, "吕梁农村商业银行"),
    ("liulin", "bank", "LLIURCB", "141125", "柳林农村商业银行（柳林县）"),
    ("picc", "insurer", "PICCLL", None, "人保财险吕梁市分公司"),
    ("guarantee", "guarantor", "LLFG", None, "吕梁市融资担保有限公司"),
]

_ENTERPRISES = [
    ("柳林县晋茂木耳种植专业合作社", "individual_business", "141125", "A0141", None),
    ("孝义市鑫达铸造有限公司", "enterprise", "141181", "C3391", (85, 4200, 5100)),
    ("汾阳市杏花村酒坊有限公司", "enterprise", "141182", "C1512", (42, 1800, 2300)),
    ("离石区吕梁红枣食品有限公司", "enterprise", "141102", "C1371", (26, 900, 1100)),
    ("交城县骏马新材料科技有限公司", "enterprise", "141122", "C2662", (120, 9800, 8600)),
    ("临县湫水商贸有限公司", "enterprise", "141124", "F5212", (8, 350, 260)),
    ("文水县万家福超市", "individual_business", "141121", "F5211", None),
    ("中阳县鑫源运输有限公司", "enterprise", "141129", "G5430", (35, 1200, 1500)),
    ("兴县黄河农家乐", "individual_business", "141123", "H6210", None),
    ("方山县北川核桃加工有限公司", "enterprise", "141128", "C1372", (18, 420, 600)),
]


def _uscc(kind: str, county: str, n: int, seed: int) -> str:
    body = ("91" if kind == "enterprise" else "92") + county + f"{(seed * 1000 + n) % 10**9:09d}"
    return body + uscc_check_char(body)


def _staff(
    session: Session, password: str, settings: Settings
) -> tuple[list[DemoAccount], dict[str, Principal]]:
    if not list_institutions(session):
        import_registry(session, path=packaged_registry(), settings=settings)
    accounts_out, principals = [], {}
    for username, role, code, county, who in _STAFF:
        user = accounts.create_user(
            session,
            username=username,
            password=password,
            role=role,
            display_name=who,
            institution_code=code,
            county_code=county,
            department="金融办" if role == "gov" else None,
        )
        principals[username] = accounts.principal_of(session, user)
        accounts_out.append(DemoAccount(username, password, role, who))
    return accounts_out, principals


@dataclass(frozen=True)
class Catalogue:
    """The demo institutions' products and four lists, read from packaged data."""

    products: dict[str, list[ProductTerms]]
    """Institution code → the products it publishes, in file order."""
    four_lists: dict[str, str]
    """Four-list kind → the text every demo institution sets."""


def demo_catalogue() -> Catalogue:
    """Read ``demand/data/demo-products.toml`` (shipped in the wheel as package data).

    The catalogue is data a trainer edits, so it lives in a file; every row is validated as a
    ``ProductTerms`` here, before the demo publishes anything.
    """
    text = (resources.files("beizeng.demand") / "data" / CATALOGUE_FILE).read_text("utf-8")
    data = tomllib.loads(text)
    products: dict[str, list[ProductTerms]] = {}
    for row in data["products"]:
        values = {"entity_kinds": [], "sizes": [], "industries": [], "counties": [], **row}
        code = values.pop("institution")
        values["documents"], values["process"] = data["documents"], data["process"]
        products.setdefault(code, []).append(ProductTerms.model_validate(values))
    return Catalogue(products, dict(data["four_lists"]))


def _catalogue(session: Session, principals: dict[str, Principal], now: datetime) -> None:
    by_code = {p.institution_code: p for p in principals.values() if p.institution_code}
    catalogue = demo_catalogue()
    for code, items in catalogue.products.items():
        owner = by_code[code]
        for terms in items:
            product = products.publish_product(
                session, principal=owner, terms=terms, now=now - timedelta(days=60)
            )
            # one change later, so the version history shows what was promised before
            products.update_product(
                session,
                principal=owner,
                product_id=product.id,
                terms=terms.model_copy(update={"rate_min": terms.rate_min - Decimal("0.0010")}),
                now=now - timedelta(days=20),
            )


def _enterprises(session: Session, seed: int, rng: random.Random, password: str) -> list[Principal]:
    result = []
    for n, (name, kind, county, industry, sized) in enumerate(_ENTERPRISES, start=1):
        user = enterprises.register_enterprise(
            session,
            data=EnterpriseRegister(
                uscc=_uscc(kind, county, n, seed),
                name=name,
                legal_person=rng.choice(
                    ["王建军", "李秀英", "张海平", "刘红梅", "贺永强", "高志刚"]
                ),
                kind=kind,
                county_code=county,
                industry_code=industry,
                username=f"ent{n}",
                password=password,
            ),
        )
        principal = accounts.principal_of(session, user)
        if sized:
            employees, revenue, assets = sized
            enterprises.update_profile(
                session,
                principal=principal,
                profile=EnterpriseProfile(
                    employees=employees, revenue_wan=Decimal(revenue), assets_wan=Decimal(assets)
                ),
            )
        result.append(principal)
    return result


def _demands(
    session: Session,
    ents: list[Principal],
    staff: dict[str, Principal],
    now: datetime,
    rng: random.Random,
    settings: Settings,
) -> None:
    """Demands in every state; the step before each is dated so that clocks show real cases."""
    icbc, abc, llrcb, pboc = staff["icbc"], staff["abc"], staff["llrcb"], staff["pboc"]

    def post(
        ent: Principal, days_ago: float, amount: int, purpose: str, guarantee: str = "credit"
    ) -> int:
        data = DemandCreate(
            amount=Decimal(amount),
            term_months=rng.choice([6, 12, 24, 36]),
            purpose=purpose,
            guarantee_offered=guarantee,
        )
        return demands.post_demand(
            session, settings=settings, principal=ent, data=data, now=now - timedelta(days=days_ago)
        ).id

    post(ents[0], 1, 200_000, "购买木耳菌棒与冷库设备")  # submitted, open
    post(ents[5], 0.5, 300_000, "补充春节备货流动资金")  # submitted, open
    assigned = post(ents[6], 3, 150_000, "门店改造")
    demands.assign_demand(
        session,
        settings=settings,
        principal=pboc,
        demand_id=assigned,
        institution_code="LLRCB",
        now=now - timedelta(days=2),
    )
    due = post(ents[1], 7, 2_000_000, "购置中频感应电炉", "mortgage")
    demands.accept_demand(
        session, settings=settings, principal=icbc, demand_id=due, now=now - timedelta(days=6)
    )  # due soon
    late = post(ents[2], 14, 800_000, "收购高粱原粮")
    demands.accept_demand(
        session, settings=settings, principal=abc, demand_id=late, now=now - timedelta(days=13)
    )  # overdue
    demands.post_message(
        session,
        principal=ents[2],
        demand_id=late,
        body=MessageBody(body="请问审批进度如何？"),
        now=now - timedelta(days=3),
    )
    approved = post(ents[3], 10, 500_000, "红枣收购季节性资金")
    demands.accept_demand(
        session, settings=settings, principal=llrcb, demand_id=approved, now=now - timedelta(days=9)
    )
    demands.approve_demand(
        session,
        principal=llrcb,
        demand_id=approved,
        body=ApproveBody(amount=Decimal(500_000), rate=Decimal("0.0465"), term_months=12),
        now=now - timedelta(days=7),
    )
    rejected = post(ents[7], 12, 1_500_000, "购置运输车辆", "guarantee")
    demands.accept_demand(
        session, settings=settings, principal=icbc, demand_id=rejected, now=now - timedelta(days=11)
    )
    demands.post_message(
        session,
        principal=icbc,
        demand_id=rejected,
        body=MessageBody(body="请补充近一年银行流水。"),
        now=now - timedelta(days=10),
    )
    demands.reject_demand(
        session,
        principal=icbc,
        demand_id=rejected,
        body=RejectBody(
            reason="high_leverage", note="资产负债率超过 80%，建议提供政府性融资担保后重新申请"
        ),
        now=now - timedelta(days=8),
    )
    paid = post(ents[4], 30, 3_000_000, "新材料生产线技改", "mortgage")
    demands.accept_demand(
        session, settings=settings, principal=llrcb, demand_id=paid, now=now - timedelta(days=29)
    )
    demands.approve_demand(
        session,
        principal=llrcb,
        demand_id=paid,
        body=ApproveBody(amount=Decimal(3_000_000), rate=Decimal("0.0430"), term_months=36),
        now=now - timedelta(days=26),
    )
    demands.disburse_demand(
        session,
        principal=llrcb,
        demand_id=paid,
        body=DisburseBody(loan_id="LLRCB2022000123"),
        now=now - timedelta(days=24),
    )
    gone = post(ents[8], 5, 100_000, "旺季备货")
    demands.withdraw_demand(
        session,
        principal=ents[8],
        demand_id=gone,
        note="已通过其他渠道解决",
        now=now - timedelta(days=4),
    )


def seed_platform_demo(
    session: Session, *, seed: int, now: datetime, password: str, settings: Settings
) -> list[DemoAccount]:
    """Create the demo platform and return the accounts to print (all share ``password``)."""
    rng = random.Random(seed)
    staff_accounts, staff = _staff(session, password, settings)
    _catalogue(session, staff, now)
    ents = _enterprises(session, seed, rng, password)
    _demands(session, ents, staff, now, rng, settings)
    # the four lists (C-3.4.1) and the 2022 replies (C-3.4.2) the 2022-12 evaluation judges
    seed_service_record(
        session,
        staff=staff,
        firms=ents,
        bodies=demo_catalogue().four_lists,
        password=password,
        now=now,
        settings=settings,
    )
    session.flush()
    firms = [
        DemoAccount(f"ent{n}", password, "enterprise", row[0])
        for n, row in enumerate(_ENTERPRISES, start=1)
    ]
    return staff_accounts + firms[:3]


def platform_step(run: DemoRun) -> None:
    """The demo pipeline's platform step: seed once, then list the accounts to sign in with."""
    password = demo_password(run.home)
    with run.session_scope() as session:
        if accounts.user_exists(session, "pboc"):
            run.notes.append("综合金融服务平台演示账户已存在，跳过创建。")
            accounts_made = [DemoAccount(u, password, r, w) for u, r, _, _, w in _STAFF]
        else:
            accounts_made = seed_platform_demo(
                session,
                seed=run.seed,
                now=run.clock.now(),
                password=password,
                settings=run.settings,
            )
    run.results["platform_accounts"] = accounts_made
    run.notes.append(
        f"综合金融服务平台演示账户（密码均为 {password}，保存在 {run.home / PASSWORD_FILE}）："
    )
    run.notes.extend(f"  {a.username:<10} {ROLES[a.role]:<8} {a.who}" for a in accounts_made)
