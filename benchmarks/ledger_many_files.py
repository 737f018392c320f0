"""Per-file overhead of the ledger import (issue 3): the 700 small files of a tiny demo, one process.

Run::

    .venv/bin/beizeng demo generate --scale tiny --seed 2 --out /tmp/tinydemo
    .venv/bin/python benchmarks/ledger_many_files.py /tmp/tinydemo [--limit N]

``beizeng demo run`` imports 28 banks × 25 month ends; what matters there is the fixed cost of
one import (DuckDB setup, staging, the rule checks, the Parquet write), not throughput. The
files are imported oldest period first (as the demo does, so the first-loan warning reads last
month's snapshot) into a fresh ``BEIZENG_HOME`` with SQLite. Reported: the median and 90th
percentile of ``import_ledger`` alone and of the whole file (session, import, commit), and the
total. The first file is excluded from the percentiles (module loads, registry caches).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

GOAL_MS = 40.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path, help="output directory of `beizeng demo generate`")
    parser.add_argument("--limit", type=int, default=None, help="import only the first N files")
    args = parser.parse_args()
    if not (args.data / "ledgers").is_dir():
        raise SystemExit(f"{args.data}/ledgers not found: run `beizeng demo generate` first")
    with tempfile.TemporaryDirectory(prefix="beizeng-many-") as home:
        os.environ["BEIZENG_HOME"] = home
        os.environ.pop("BEIZENG_DATABASE_URL", None)
        run(args.data, args.limit)


def run(data: Path, limit: int | None) -> None:
    from beizeng.db import session_scope
    from beizeng.institution.service import import_registry, packaged_registry
    from beizeng.ledger import service
    from beizeng.ledger.demo import demo_ledger_files

    with session_scope() as session:
        import_registry(session, path=packaged_registry())
    files = demo_ledger_files(data)[:limit]
    imports: list[float] = []
    whole: list[float] = []
    rows = 0
    started_all = time.perf_counter()
    for path, code, period in files:
        started = time.perf_counter()
        with session_scope() as session:
            began = time.perf_counter()
            report = service.import_ledger(session, path=path, institution_code=code, period=period)
            imports.append(time.perf_counter() - began)
        whole.append(time.perf_counter() - started)
        rows += report.rows
    total = time.perf_counter() - started_all

    def ms(values: list[float], q: float) -> float:
        rest = sorted(values[1:] or values)
        return 1000 * rest[min(len(rest) - 1, int(q * len(rest)))]

    print(
        f"{len(files)} files, {rows:,} rows ({rows / max(len(files), 1):.0f} per file)"
        f" in {total:.1f} s; first file {1000 * whole[0]:.0f} ms",
        file=sys.stdout,
    )
    print(
        f"import_ledger: median {1000 * statistics.median(imports[1:] or imports):.1f} ms,"
        f" p90 {ms(imports, 0.9):.1f} ms (goal ≲ {GOAL_MS:.0f} ms)"
    )
    print(
        f"whole file (session + import + commit): median"
        f" {1000 * statistics.median(whole[1:] or whole):.1f} ms, p90 {ms(whole, 0.9):.1f} ms"
    )


if __name__ == "__main__":
    main()
