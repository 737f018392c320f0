"""Plan evaluation speed (issue 4): the whole 2022 plan for one period on the ``city`` demo scale.

Run: ``.venv/bin/python benchmarks/monitor_evaluate.py [--scale city] [--period 2022-12]``.

The first run generates the demo data (``beizeng demo generate``) and imports every ledger and
the statistics through the ledger import into a home cached under ``benchmarks/out/`` (ignored
by git); later runs reuse it. Then, in one process, it times ``monitor.service.evaluate`` (the
Ibis metric layer: one filtered aggregate per subject level for loans, one for statistics, plus
the Python judging) and one hand-written DuckDB SQL statement that computes the same loan metrics
for the same subjects and periods in a single pass (FILTER aggregates, GROUPING SETS) over the
same scan, and reports the ratio. Goals: ≤ 3 s, ratio ≤ 1.5.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 3.0
GOAL_RATIO = 1.5


def build_home(scale: str, home: Path) -> None:
    """Generate the demo data and import it through the real ledger import (once)."""
    done = home / "imported.json"
    if done.exists():
        return
    home.mkdir(parents=True, exist_ok=True)
    data = home / "demo"
    beizeng = ROOT / ".venv" / "bin" / "beizeng"
    env = {**os.environ, "BEIZENG_HOME": str(home)}
    env.pop("BEIZENG_DATABASE_URL", None)
    if not (data / "manifest.json").exists():
        subprocess.run(
            [beizeng, "demo", "generate", "--scale", scale, "--out", data], check=True, env=env
        )
    script = f"""
from pathlib import Path
from beizeng.db import session_scope
from beizeng.institution.service import import_registry
from beizeng.kit.periods import Period
from beizeng.ledger.service import import_ledger
from beizeng.stats.service import import_stats
data = Path({str(data)!r})
with session_scope() as s:
    import_registry(s, path=data / "institutions.csv")
for folder in sorted((data / "ledgers").iterdir()):
    for f in sorted(folder.glob("*.csv")):
        with session_scope() as s:
            import_ledger(s, path=f, institution_code=f.stem, period=Period.parse(folder.name))
    print("imported", folder.name, flush=True)
with session_scope() as s:
    import_stats(s, path=data / "stats.csv")
"""
    subprocess.run([sys.executable, "-c", script], check=True, env=env)
    done.write_text(json.dumps({"scale": scale}), encoding="utf-8")


def hand_written_sql(loans_view: str, periods: list[str]) -> str:
    """The practical limit: every loan metric, every subject level, one pass."""
    listed = ", ".join(f"'{p}'" for p in periods)
    return f"""
    SELECT period, county_code, institution_code, legal_scope,
        GROUPING(county_code, institution_code, legal_scope) AS g,
        COUNT(*) AS n,
        SUM(balance) AS loans,
        SUM(balance) FILTER (WHERE inclusive_smb) AS inclusive_smb,
        SUM(balance) FILTER (WHERE inclusive_smb_cbirc) AS inclusive_smb_cbirc,
        COUNT(DISTINCT borrower_id) FILTER (WHERE inclusive_smb AND balance > 0) AS b1,
        COUNT(DISTINCT borrower_id) FILTER (WHERE inclusive_smb_cbirc AND balance > 0) AS b2,
        SUM(balance) FILTER (WHERE inclusive_smb AND guarantee_type = 'credit') AS credit,
        SUM(balance) FILTER (WHERE private_enterprise) AS private,
        SUM(balance) FILTER (WHERE manufacturing_mlt) AS mlt,
        SUM(balance) FILTER (WHERE green) AS green,
        SUM(balance) FILTER (WHERE clean_energy) AS clean,
        SUM(balance) FILTER (WHERE services) AS services,
        COUNT(DISTINCT borrower_id) FILTER (WHERE first_loan
            AND year(start_date) = year(period_end) AND start_date <= period_end) AS first_loans
    FROM {loans_view}
    WHERE period IN ({listed})
    GROUP BY GROUPING SETS ((period), (period, county_code), (period, institution_code),
                            (period, legal_scope))
    """


def measure(period_text: str, repeat: int) -> dict[str, float]:
    from beizeng.db import session_scope
    from beizeng.kit.periods import Period
    from beizeng.monitor import service
    from beizeng.monitor.compute import loan_query
    from beizeng.monitor.metrics import loan_metrics

    period = Period.parse(period_text)
    plan = service.load_plan()
    ours: list[float] = []
    hand: list[float] = []
    with session_scope() as session:
        service.evaluate(session, plan=plan, period=period)  # warm caches (registry, files)
        for _ in range(repeat):
            start = time.perf_counter()
            evaluation = service.evaluate(session, plan=plan, period=period)
            ours.append(time.perf_counter() - start)
        periods = service.evaluation_periods(period)
        scan = service.open_scan(session, plan)
        table = scan.loans(periods=periods)
        view = "bench_loans"
        scan.con.raw_sql(f"CREATE OR REPLACE TEMP VIEW {view} AS {scan.con.compile(table)}")
        sql = hand_written_sql(view, [str(p) for p in periods])
        for _ in range(repeat):
            start = time.perf_counter()
            rows = scan.execute_sql(sql).num_rows
            hand.append(time.perf_counter() - start)
        ibis_only: list[float] = []
        for _ in range(repeat):
            start = time.perf_counter()
            loan_query(table, loan_metrics(), city="141100").to_pyarrow()
            ibis_only.append(time.perf_counter() - start)
    results = len(evaluation.results)
    return {
        "evaluate_s": statistics.median(ours),
        "hand_sql_s": statistics.median(hand),
        "ibis_loan_query_s": statistics.median(ibis_only),
        "ratio": statistics.median(ours) / statistics.median(hand),
        "results": results,
        "hand_rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="city")
    parser.add_argument("--period", default="2022-12")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    home = ROOT / "benchmarks" / "out" / f"monitor-{args.scale}"
    build_home(args.scale, home)
    os.environ["BEIZENG_HOME"] = str(home)
    os.environ.pop("BEIZENG_DATABASE_URL", None)
    figures = measure(args.period, args.repeat)
    print(json.dumps(figures, indent=2))
    print(
        f"evaluate {figures['evaluate_s']:.2f} s (goal ≤ {GOAL_SECONDS} s); "
        f"hand-written SQL {figures['hand_sql_s']:.2f} s; ratio {figures['ratio']:.2f} "
        f"(goal ≤ {GOAL_RATIO})"
    )


if __name__ == "__main__":
    main()
