"""The demo step of part 2: a no-loan list built from the demo entities, assigned to the banks
that lend in each county, the loop closed by the ledgers after the list's period, some contacts,
two matching events followed to disbursement, and a few policies (issue 7).

The list is checked against the 2022-06 ledgers (``as_of``), so the entities that took their
first loan in 2022-07 … 2022-12 close the loop by themselves, as they would in real life.
"""

from __future__ import annotations

import csv
import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.account.errors import AccountInvalid
from beizeng.account.service import principal_named
from beizeng.event import service as events
from beizeng.kit.demorun import DemoRun
from beizeng.kit.periods import Period
from beizeng.ledger.scan import LedgerScan
from beizeng.library import service as library
from beizeng.outreach import loop, rules
from beizeng.outreach.assignment import set_capacity
from beizeng.outreach.follow_up import record_contact
from beizeng.outreach.lists import upload_list
from beizeng.outreach.presence import bank_presence
from beizeng.outreach.repository import OutreachRepository
from beizeng.outreach.schemas import ContactInput
from beizeng.outreach.views import bank_entities

AS_OF = Period(2022, 6)
LIST_KINDS = {"enterprise": "企业", "individual_business": "个体工商户"}
DEMO_BANK_USERS = ("icbc", "abc", "psbc", "llrcb", "liulin")
OUTCOME_CYCLE = ("visited", "unreachable", "no_need", "visited", "demand", "credit")

POLICIES = (
    (
        "关于做好2022年普惠小微企业金融服务工作的通知",
        "中国人民银行吕梁市中心支行",
        "吕银发〔2022〕18号",
        ("普惠小微", "首贷"),
        ("small", "micro"),
        (),
        "各金融机构要加大普惠小微贷款投放，推动首贷户拓展，对无贷户名单内主体开展走访对接，\n提高信用贷款和中长期贷款占比，对无贷户企业的融资申请在5个工作日内答复。",
    ),
    (
        "吕梁市绿色金融支持能源转型实施方案",
        "吕梁市人民政府",
        "吕政发〔2022〕9号",
        ("绿色", "能源转型"),
        (),
        (),
        "支持风电、光伏等清洁能源项目和煤炭清洁高效利用，运用碳减排支持工具和\n支持煤炭清洁高效利用专项再贷款，降低绿色项目融资成本。",
    ),
    (
        "科技型中小企业融资对接与贷款贴息办法",
        "吕梁市科学技术局",
        "吕科发〔2022〕5号",
        ("科技",),
        ("medium", "small", "micro"),
        (),
        "对科技型中小企业首次获得银行贷款的给予贷款贴息，设立风险补偿资金，\n定期举办科技型企业融资对接专场活动。",
    ),
    (
        "柳林县木耳产业贷款风险补偿办法",
        "柳林县人民政府",
        "柳政办发〔2022〕12号",
        ("涉农", "普惠小微"),
        (),
        ("141125",),
        "对金融机构向木耳种植户和合作社发放的木耳贷按损失额给予风险补偿。",
    ),
)


def write_demo_list(entities_csv: Path, out: Path) -> int:
    """The market-supervision list (GB18030, Chinese headers): every enterprise and individual
    business of the demo, with a grid (网格) per county by registration order."""
    count = 0
    grids: dict[str, int] = {}
    with (
        entities_csv.open(encoding="utf-8") as src,
        out.open("w", encoding="gb18030", newline="") as dst,
    ):
        writer = csv.writer(dst)
        writer.writerow([rules.HEADERS_ZH[c] for c in rules.LIST_COLUMNS])
        for row in csv.DictReader(src):
            if row["kind"] not in LIST_KINDS:
                continue
            n = grids[row["county_code"]] = grids.get(row["county_code"], 0) + 1
            writer.writerow(
                [
                    row["id"],
                    row["name"],
                    LIST_KINDS[row["kind"]],
                    row["county_code"],
                    f"{row['county_code'][-2:]}-{(n % 12) + 1:02d}",
                    row["industry_code"],
                    row["registered_capital"],
                    row["established"],
                    row["contact"],
                ]
            )
            count += 1
    return count


def _contacts(session: Session, now: datetime) -> int:
    recorded = 0
    for username in DEMO_BANK_USERS:
        try:
            bank = principal_named(session, username)
        except AccountInvalid:  # a demo without that account: nothing to record
            continue
        held = bank_entities(session, principal=bank, per_page=24).rows
        for i, row in enumerate(held):
            assert row.assignment is not None
            outcome = OUTCOME_CYCLE[i % len(OUTCOME_CYCLE)]
            day = now - timedelta(days=(i % 10) + 1)
            record_contact(
                session,
                principal=bank,
                assignment_id=row.assignment.id,
                data=ContactInput(outcome, "演示：客户经理上门走访"),
                now=day,
            )
            recorded += 1
    return recorded


def _events(session: Session, now: datetime) -> int:
    gov = principal_named(session, "gov")
    repo = OutreachRepository(session)
    closed = [f for f in repo.funnel_facts(gov, list_id=None) if f.first_loan_code]
    held_on = date(2022, 7, 15)
    sme = events.create_event(
        session,
        principal=gov,
        kind="sme_meeting",
        title="百县万企·柳林县中小微企业融资对接会",
        held_on=held_on,
        county_code="141125",
        venue="柳林县政务服务中心",
    )
    events.create_event(
        session,
        principal=gov,
        kind="key_project",
        title="重点转型项目银企对接会（煤焦化工）",
        held_on=date(2022, 8, 10),
        venue="吕梁市会议中心",
    )
    signed = [f for f in closed if f.first_loan_on and f.first_loan_on >= held_on][:8]
    events.invite(
        session,
        principal=gov,
        event_id=sme.id,
        now=now,
        bank_codes=sorted({f.first_loan_code for f in signed if f.first_loan_code}),
    )
    for f in signed:
        assert f.first_loan_code is not None
        events.record_agreement(
            session,
            principal=gov,
            event_id=sme.id,
            bank_code=f.first_loan_code,
            enterprise_uscc=f.identifier,
            enterprise_name=f.identifier,
            amount=Decimal("500000"),
            signed_on=held_on,
        )
    events.follow_agreements(session)
    return len(signed)


def outreach_step(run: DemoRun) -> None:
    """Upload, assign, close the loop from the later ledgers, contacts, events, policies."""
    now = run.clock.now()
    path = run.data_dir / "outreach-list.csv"
    with run.session_scope() as session:
        if OutreachRepository(session).lists():
            run.notes.append("首贷拓展演示数据已存在，跳过。")
            return
        rows = write_demo_list(run.data_dir / "entities.csv", path)
        pboc = principal_named(session, "pboc")
        presence = bank_presence(session)
        banks = sorted(set().union(*presence.by_county.values())) if presence.by_county else []
        for code in banks:
            capacity = math.ceil(1.2 * rows / max(len(banks), 1))
            set_capacity(session, principal=pboc, institution_code=code, capacity=capacity)
        report = upload_list(
            session,
            settings=run.settings,
            principal=principal_named(session, "gov"),
            path=path,
            now=now,
            title="2022年6月末无贷户名单（市场监管局）",
            as_of=AS_OF,
        )
        closed = sum(
            loop.close_loop(session, period=p, now=now).closed
            for p in LedgerScan(session).periods()
            if p > AS_OF
        )
        contacts = _contacts(session, now)
        agreements = _events(session, now)
        for title, issuer, number, tags, sizes, counties, text in POLICIES:
            library.publish(
                session,
                principal=pboc,
                settings=run.settings,
                data=library.PolicyInput(
                    title=title,
                    issuer=issuer,
                    issued_on=date(2022, 4, 20),
                    text=text,
                    number=number,
                    tags=tags,
                    sizes=sizes,
                    counties=counties,
                ),
            )
    run.notes.append(
        f"无贷户名单：{report.rows} 户，剔除 {AS_OF} 已有贷款 {report.removed_borrowers} 户，"
        f"分配 {report.run.assigned} 户给 {len(report.run.per_bank)} 家银行；之后台账显示 {closed} 户获得首贷（闭环）；"
        f"登记对接 {contacts} 次；对接会签约 {agreements} 笔；政策 {len(POLICIES)} 件。"
    )
