"""Grow the platform demo to benchmark size: 2,000 products and 100,000 demands (issue 5).

Run: ``.venv/bin/python benchmarks/platform_grow.py --home benchmarks/out/platform
[--products 2000] [--demands 100000] [--enterprises 20000]``.

The demo (accounts, lists, demands in every state) is seeded through the services; the bulk is
then inserted with Core ``INSERT``s in batches (the audit hook is for ORM writes; bulk benchmark
rows need no audit). Products are spread over the registry's banks, demands over enterprises,
counties and every state, with deadlines for the accepted ones, so lists, pages and matching see
realistic shapes.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

COUNTIES = [f"1411{n:02d}" for n in (2, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 81, 82)]
SECTIONS = list("ACEFGHIM")
STATES = ["submitted"] * 5 + ["accepted"] * 2 + ["approved", "rejected", "disbursed", "withdrawn"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", type=Path, default=Path("benchmarks/out/platform"))
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--demands", type=int, default=100_000)
    parser.add_argument("--enterprises", type=int, default=20_000)
    args = parser.parse_args()
    args.home.mkdir(parents=True, exist_ok=True)
    os.environ["BEIZENG_HOME"] = str(args.home.resolve())
    if args.database_url:
        os.environ["BEIZENG_DATABASE_URL"] = args.database_url

    from sqlalchemy import insert, select

    from beizeng.db import session_scope
    from beizeng.demand.demo import seed_platform_demo
    from beizeng.models.account import Enterprise
    from beizeng.models.demand import Demand
    from beizeng.models.institution import Institution
    from beizeng.models.product import Product
    from beizeng.reference.identifiers import uscc_check_char
    from beizeng.reference.workdays import add_workdays

    rng = random.Random(2022)
    now = datetime.now(UTC)
    started = time.perf_counter()
    with session_scope() as s:
        if s.scalar(select(Enterprise.id).limit(1)) is None:
            for account in seed_platform_demo(s, seed=1, now=now, password="Bench2022pass"):
                print(f"{account.role:10} {account.username:10} {account.password}")
        banks = [
            i.id
            for i in s.scalars(
                select(Institution).where(
                    Institution.category.not_in(["insurer", "guarantor", "other"])
                )
            )
        ]
        products = []
        for n in range(args.products):
            low = rng.choice([10_000, 50_000, 100_000, 500_000, 1_000_000])
            rate = Decimal(rng.randint(350, 650)) / Decimal(10_000)
            products.append(
                dict(
                    institution_id=rng.choice(banks),
                    name=f"普惠贷{n:04d}",
                    kind=rng.choice(["credit_loan", "secured_loan"]),
                    status="published",
                    version=1,
                    entity_kinds=rng.choice([[], ["enterprise"], ["individual_business"]]),
                    sizes=rng.choice([[], ["small", "micro"], ["medium", "small", "micro"]]),
                    industries=rng.choice([[], [], [rng.choice(SECTIONS)]]),
                    counties=rng.choice([[], [], [rng.choice(COUNTIES)]]),
                    guarantee_types=rng.choice(
                        [["credit"], ["credit", "guarantee"], ["mortgage", "pledge"]]
                    ),
                    min_amount=Decimal(low),
                    max_amount=Decimal(low * rng.choice([10, 30, 100])),
                    min_term_months=rng.choice([1, 3, 6]),
                    max_term_months=rng.choice([12, 36, 60]),
                    rate_min=rate,
                    rate_max=rate + Decimal("0.02"),
                    documents="营业执照",
                    process="申请—审批—放款",
                    reply_days=5,
                    description="",
                    created_at=now,
                    updated_at=now,
                )
            )
        s.execute(insert(Product), products)
        ents = []
        for n in range(args.enterprises):
            kind = "enterprise" if rng.random() < 0.7 else "individual_business"
            county = rng.choice(COUNTIES)
            body = ("91" if kind == "enterprise" else "92") + county + f"{800_000_000 + n:09d}"
            ents.append(
                dict(
                    uscc=body + uscc_check_char(body),
                    name=f"吕梁压测企业{n:05d}",
                    legal_person="测试",
                    kind=kind,
                    industry_code=rng.choice(SECTIONS),
                    county_code=county,
                    size=rng.choice(["medium", "small", "micro", "micro"])
                    if kind == "enterprise"
                    else None,
                    created_at=now,
                    updated_at=now,
                )
            )
        for start in range(0, len(ents), 5000):
            s.execute(insert(Enterprise), ents[start : start + 5000])
        ent_ids = list(s.scalars(select(Enterprise.id)))
        ent_county = {i: c for i, c in s.execute(select(Enterprise.id, Enterprise.county_code))}
        batch = []
        for _n in range(args.demands):
            status = rng.choice(STATES)
            ent = rng.choice(ent_ids)
            submitted = now - timedelta(days=rng.uniform(0, 120))
            taken = status != "submitted" or rng.random() < 0.2
            accepted = submitted + timedelta(days=rng.uniform(0, 3)) if taken else None
            deadline = add_workdays(accepted.date(), 5) if accepted else None
            replied = (
                accepted + timedelta(days=rng.uniform(0, 10))
                if accepted and status not in ("submitted", "accepted", "withdrawn")
                else None
            )
            batch.append(
                dict(
                    enterprise_id=ent,
                    institution_id=rng.choice(banks) if taken else None,
                    county_code=ent_county[ent] or COUNTIES[0],
                    status="accepted" if status == "submitted" and taken else status,
                    channel="open",
                    amount=Decimal(rng.choice([50, 100, 200, 300, 500, 1000, 3000])) * 1000,
                    term_months=rng.choice([6, 12, 24, 36]),
                    purpose="流动资金周转",
                    guarantee_offered=rng.choice(["credit", "credit", "guarantee", "mortgage"]),
                    submitted_at=submitted,
                    accepted_at=accepted,
                    replied_at=replied,
                    deadline=deadline,
                    no_loan=True if accepted else None,
                    reply_workdays=5 if accepted else None,
                    closed_at=replied if status in ("rejected", "disbursed") else None,
                    created_at=submitted,
                    updated_at=submitted,
                )
            )
            if len(batch) == 5000:
                s.execute(insert(Demand), batch)
                batch = []
        if batch:
            s.execute(insert(Demand), batch)
    print(
        f"grew to {args.products} products and {args.demands} demands in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
