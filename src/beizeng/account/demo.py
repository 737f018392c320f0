"""The platform's demo: accounts for every role, enterprises, products with the four lists, and
demands in every workflow state (issue 5, point 7).

Everything goes through the services, so the demo obeys the same rules as real users and its
audit log reads like a real one. Times are set relative to ``now`` so that some demands are due
soon and some are overdue whatever day the demo is run.
"""

from __future__ import annotations

import os
import random
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from beizeng.account import service as accounts
from beizeng.account.rules import ROLES, Principal, password_problems
from beizeng.demand import service as demands
from beizeng.demand.schemas import ApproveBody, DemandCreate, DisburseBody, MessageBody, RejectBody
from beizeng.enterprise import service as enterprises
from beizeng.enterprise.schemas import EnterpriseProfile, EnterpriseRegister
from beizeng.institution.repository import InstitutionRepository
from beizeng.institution.service import import_registry, packaged_registry
from beizeng.product import service as products
from beizeng.product.schemas import FourListWrite, ProductTerms
from beizeng.reference.identifiers import uscc_check_char

if TYPE_CHECKING:
    from beizeng.demo.run import DemoRun

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
    while True:
        password = "Bz" + secrets.token_urlsafe(12) + str(secrets.randbelow(10))
        if not any(password_problems(password, username=u) for u in demo_usernames()):
            return password


def demo_usernames() -> list[str]:
    """Every account the demo creates."""
    return [row[0] for row in _STAFF] + [f"ent{n}" for n in range(1, len(_ENTERPRISES) + 1)]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    who: str


_STAFF = [
    ("pboc", "pboc", None, None, "人民银行吕梁市中心支行"),
    ("gov", "gov", None, None, "吕梁市地方金融监督管理局"),
    ("icbc", "bank", "ICBCLL", None, "中国工商银行吕梁分行"),
    ("abc", "bank", "ABCLL", None, "中国农业银行吕梁分行"),
    ("psbc", "bank", "PSBCLL", None, "中国邮政储蓄银行吕梁市分行"),
    ("llrcb", "bank", "LLRCB", None, "吕梁农村商业银行"),
    ("liulin", "bank", "LLIURCB", "141125", "柳林农村商业银行（柳林县）"),
    ("picc", "insurer", "PICCLL", None, "人保财险吕梁市分公司"),
    ("guarantee", "guarantor", "LLFG", None, "吕梁市融资担保有限公司"),
]

_PRODUCTS: dict[str, list[dict[str, object]]] = {
    "ICBCLL": [
        dict(
            name="经营快贷",
            kind="credit_loan",
            sizes=["small", "micro"],
            guarantee_types=["credit"],
            min_amount=100_000,
            max_amount=3_000_000,
            min_term_months=3,
            max_term_months=12,
            rate_min="0.0385",
            rate_max="0.0550",
        ),
        dict(
            name="e抵快贷",
            kind="secured_loan",
            sizes=["medium", "small", "micro"],
            guarantee_types=["mortgage"],
            min_amount=500_000,
            max_amount=10_000_000,
            min_term_months=12,
            max_term_months=60,
            rate_min="0.0400",
            rate_max="0.0520",
        ),
    ],
    "ABCLL": [
        dict(
            name="纳税e贷",
            kind="credit_loan",
            sizes=["small", "micro"],
            guarantee_types=["credit"],
            min_amount=50_000,
            max_amount=2_000_000,
            min_term_months=6,
            max_term_months=12,
            rate_min="0.0395",
            rate_max="0.0560",
        ),
        dict(
            name="惠农e贷",
            kind="credit_loan",
            entity_kinds=["individual_business"],
            industries=["A"],
            guarantee_types=["credit", "guarantee"],
            min_amount=30_000,
            max_amount=500_000,
            min_term_months=6,
            max_term_months=36,
            rate_min="0.0435",
            rate_max="0.0600",
        ),
    ],
    "PSBCLL": [
        dict(
            name="小微易贷",
            kind="credit_loan",
            sizes=["small", "micro"],
            guarantee_types=["credit"],
            min_amount=50_000,
            max_amount=1_000_000,
            min_term_months=6,
            max_term_months=36,
            rate_min="0.0420",
            rate_max="0.0650",
        ),
    ],
    "LLRCB": [
        dict(
            name="晋享贷",
            kind="credit_loan",
            guarantee_types=["credit", "guarantee"],
            min_amount=20_000,
            max_amount=3_000_000,
            min_term_months=6,
            max_term_months=36,
            rate_min="0.0450",
            rate_max="0.0750",
        ),
        dict(
            name="制造业中长期贷",
            kind="secured_loan",
            industries=["C"],
            sizes=["medium", "small"],
            guarantee_types=["mortgage", "pledge"],
            min_amount=1_000_000,
            max_amount=20_000_000,
            min_term_months=13,
            max_term_months=84,
            rate_min="0.0430",
            rate_max="0.0600",
        ),
    ],
    "LLIURCB": [
        dict(
            name="木耳贷",
            kind="credit_loan",
            counties=["141125"],
            industries=["A"],
            guarantee_types=["credit", "guarantee"],
            min_amount=10_000,
            max_amount=300_000,
            min_term_months=6,
            max_term_months=24,
            rate_min="0.0480",
            rate_max="0.0700",
        ),
    ],
    "PICCLL": [
        dict(
            name="小额贷款保证保险",
            kind="insurance",
            sizes=["small", "micro"],
            guarantee_types=["credit"],
            min_amount=50_000,
            max_amount=1_000_000,
            min_term_months=6,
            max_term_months=12,
            rate_min="0.0100",
            rate_max="0.0200",
        ),
    ],
    "LLFG": [
        dict(
            name="创业担保贷款担保",
            kind="guarantee",
            guarantee_types=["guarantee", "credit"],
            min_amount=50_000,
            max_amount=3_000_000,
            min_term_months=12,
            max_term_months=36,
            rate_min="0.0050",
            rate_max="0.0100",
        ),
    ],
}

_LISTS = {
    "authorization": "支行行长审批：单户 300 万元以内信用类贷款\n分行审批：单户 1000 万元以内\n续贷审批时限不超过 3 个工作日",
    "credit_granting": "依法注册经营满 1 年\n无重大不良信用记录\n实际经营地在吕梁市辖内",
    "acceptance_reply": "申请资料：营业执照、法定代表人身份证、近一年纳税证明或流水\n办理流程：线上申请—受理—调查—审批—放款\n资料齐全后 5 个工作日内答复",
    "exemption": "已按制度尽职调查且无违规操作的，普惠小微贷款出现风险免于追责\n首贷户不良容忍度放宽至 3%",
}

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


def _staff(session: Session, password: str) -> tuple[list[DemoAccount], dict[str, Principal]]:
    if not InstitutionRepository(session).list():
        import_registry(session, path=packaged_registry())
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
        )
        principals[username] = accounts.principal_of(session, user)
        accounts_out.append(DemoAccount(username, password, role, who))
    return accounts_out, principals


def _catalogue(session: Session, principals: dict[str, Principal], now: datetime) -> None:
    by_code = {p.institution_code: p for p in principals.values() if p.institution_code}
    for code, items in _PRODUCTS.items():
        owner = by_code[code]
        for item in items:
            values = {"entity_kinds": [], "sizes": [], "industries": [], "counties": [], **item}
            values["min_amount"] = Decimal(str(values["min_amount"]))
            values["max_amount"] = Decimal(str(values["max_amount"]))
            values["documents"] = "营业执照；法定代表人身份证；近一年银行流水或纳税证明"
            values["process"] = "线上或网点申请 → 受理 → 实地调查 → 审批 → 签约放款"
            terms = ProductTerms.model_validate(values)
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
        for kind, body in _LISTS.items():
            products.set_four_list(
                session,
                principal=owner,
                kind=kind,
                data=FourListWrite(body=body, reply_days=5 if kind == "acceptance_reply" else None),
                now=now - timedelta(days=60),
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
            session, principal=ent, data=data, now=now - timedelta(days=days_ago)
        ).id

    post(ents[0], 1, 200_000, "购买木耳菌棒与冷库设备")  # submitted, open
    post(ents[5], 0.5, 300_000, "补充春节备货流动资金")  # submitted, open
    assigned = post(ents[6], 3, 150_000, "门店改造")
    demands.assign_demand(
        session,
        principal=pboc,
        demand_id=assigned,
        institution_code="LLRCB",
        now=now - timedelta(days=2),
    )
    due = post(ents[1], 7, 2_000_000, "购置中频感应电炉", "mortgage")
    demands.accept_demand(
        session, principal=icbc, demand_id=due, now=now - timedelta(days=6)
    )  # due soon
    late = post(ents[2], 14, 800_000, "收购高粱原粮")
    demands.accept_demand(
        session, principal=abc, demand_id=late, now=now - timedelta(days=13)
    )  # overdue
    demands.post_message(
        session,
        principal=ents[2],
        demand_id=late,
        body=MessageBody(body="请问审批进度如何？"),
        now=now - timedelta(days=3),
    )
    approved = post(ents[3], 10, 500_000, "红枣收购季节性资金")
    demands.accept_demand(session, principal=llrcb, demand_id=approved, now=now - timedelta(days=9))
    demands.approve_demand(
        session,
        principal=llrcb,
        demand_id=approved,
        body=ApproveBody(amount=Decimal(500_000), rate=Decimal("0.0465"), term_months=12),
        now=now - timedelta(days=7),
    )
    rejected = post(ents[7], 12, 1_500_000, "购置运输车辆", "guarantee")
    demands.accept_demand(session, principal=icbc, demand_id=rejected, now=now - timedelta(days=11))
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
    demands.accept_demand(session, principal=llrcb, demand_id=paid, now=now - timedelta(days=29))
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
    session: Session, *, seed: int, now: datetime, password: str
) -> list[DemoAccount]:
    """Create the demo platform and return the accounts to print (all share ``password``)."""
    rng = random.Random(seed)
    staff_accounts, staff = _staff(session, password)
    _catalogue(session, staff, now)
    ents = _enterprises(session, seed, rng, password)
    _demands(session, ents, staff, now, rng)
    session.flush()
    firms = [
        DemoAccount(f"ent{n}", password, "enterprise", row[0])
        for n, row in enumerate(_ENTERPRISES, start=1)
    ]
    return staff_accounts + firms[:3]


def platform_step(run: DemoRun) -> None:
    """The demo pipeline's platform step: seed once, then list the accounts to sign in with."""
    from beizeng.account.repository import AccountRepository

    password = demo_password(run.home)
    with run.session_scope() as session:
        if AccountRepository(session).get_by_username("pboc") is not None:
            run.notes.append("综合金融服务平台演示账户已存在，跳过创建。")
            accounts_made = [DemoAccount(u, password, r, w) for u, r, _, _, w in _STAFF]
        else:
            accounts_made = seed_platform_demo(
                session, seed=run.seed, now=datetime.now(UTC), password=password
            )
    run.results["platform_accounts"] = accounts_made
    run.notes.append(
        f"综合金融服务平台演示账户（密码均为 {password}，保存在 {run.home / PASSWORD_FILE}）："
    )
    run.notes.extend(f"  {a.username:<10} {ROLES[a.role]:<8} {a.who}" for a in accounts_made)
