"""Assignment benchmark (issue 7): a 300,000-entity no-loan list across the city's banks, < 10 s.

Run: ``.venv/bin/python benchmarks/outreach_assign.py [--entities 300000] [--banks 30]``.

Times two things on the same synthetic list (13 counties weighted like the demo, 30 banks each
present in a random half of the counties, capacity 12,000 each, grids of ~50 entities):

1. the pure rule ``outreach.rules.assign`` (numpy);
2. the whole use case ``outreach.assignment.assign_waiting`` on a fresh SQLite database: read the
   waiting entities, run the rule, bulk-insert 300,000 assignment rows (entities inserted first,
   not timed). Bank presence is given (the ledger scan is timed by the ledger benchmarks).
It also checks determinism (same inputs, same banks) and that no bank exceeds its capacity.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from beizeng import db
from beizeng.models.institution import Institution
from beizeng.models.outreach import BankCapacity, OutreachList
from beizeng.outreach import assignment, rules
from beizeng.outreach.presence import Presence
from beizeng.outreach.repository import OutreachRepository

WEIGHTS = np.array([3.0, 1.5, 1.2, 0.8, 1.0, 1.0, 0.5, 0.6, 0.6, 0.7, 0.5, 2.2, 1.8])


def synthetic(
    n: int, banks: int, seed: int = 7
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    county = rng.choice(13, size=n, p=WEIGHTS / WEIGHTS.sum()).astype(np.int32)
    order = rng.permutation(n).astype(np.int64)
    presence = rng.random((13, banks)) < 0.5
    presence[:, 0] = True  # one bank everywhere, like the rural commercial banks
    presence[6] = False  # one county without lenders: the city fallback
    room = np.full(banks, 12_000, dtype=np.int64)
    return county, order, presence, room


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=300_000)
    parser.add_argument("--banks", type=int, default=30)
    args = parser.parse_args()
    county, order, presence, room = synthetic(args.entities, args.banks)

    t = time.perf_counter()
    first = rules.assign(county, order, presence, room)
    pure = time.perf_counter() - t
    again = rules.assign(county, order, presence, room)
    assert np.array_equal(first.bank, again.bank), "not deterministic"
    held = np.bincount(first.bank[first.bank >= 0], minlength=args.banks)
    assert (held <= room).all(), "capacity exceeded"
    print(
        f"rules.assign: {args.entities:,} entities, {args.banks} banks: {pure:.3f} s; assigned {int((first.bank >= 0).sum()):,}"
    )

    codes = [f"B{i:03d}" for i in range(args.banks)]
    counties = assignment.COUNTY_CODES
    with tempfile.TemporaryDirectory() as tmp:
        engine = db.make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        db.upgrade(engine)
        with Session(engine) as session:
            for code in codes:
                session.add(
                    Institution(
                        code=code,
                        name=code,
                        category="joint_stock_bank",
                        legal_scope="national",
                        county_code="141102",
                    )
                )
            session.flush()
            for inst in session.query(Institution).all():
                session.add(BankCapacity(institution_id=inst.id, capacity=12_000, set_by="bench"))
            lst = OutreachList(
                title="bench",
                source_name="x",
                source_sha256="0" * 64,
                as_of=None,
                rows=args.entities,
                removed_borrowers=0,
                idle_workdays=10,
                uploaded_by="bench",
            )
            session.add(lst)
            session.flush()
            OutreachRepository(session).insert_entities(
                [
                    {
                        "list_id": lst.id,
                        "identifier": f"E{i:017d}",
                        "name": f"主体{i}",
                        "kind": "enterprise",
                        "county_code": counties[c],
                        "grid": f"G{o // 50:05d}",
                        "closed": False,
                    }
                    for i, (c, o) in enumerate(zip(county.tolist(), order.tolist(), strict=True))
                ]
            )
            session.commit()
            presence_map = Presence(
                "2022-12",
                {
                    counties[c]: {codes[b] for b in range(args.banks) if presence[c, b]}
                    for c in range(13)
                },
            )
            t = time.perf_counter()
            report = assignment.assign_waiting(
                session, actor="bench", now=datetime.now(UTC), list_id=lst.id, presence=presence_map
            )
            session.commit()
            whole = time.perf_counter() - t
        engine.dispose()
    print(
        f"assignment.assign_waiting (SQLite, bulk insert): {whole:.2f} s; assigned {report.assigned:,}, waiting {report.waiting:,}, city basis {report.city_basis:,}"
    )


if __name__ == "__main__":
    main()
