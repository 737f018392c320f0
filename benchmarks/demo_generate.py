"""Demo generation speed (issue 2): ``small`` must build in under a minute on the 2-core machine.

Run: ``.venv/bin/python benchmarks/demo_generate.py [--scales small city] [--seed 42]``.

Each scale is generated in a child process into a temporary directory (imports excluded from
the timing, which covers ``beizeng.demo.service.generate`` end to end: entities, 25 month-end
ledgers, statistics, checksums); the parent reads the child's peak RSS from ``wait4``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

GOALS = {"small": 60.0}

CHILD = """
import json, sys, time
from pathlib import Path
from beizeng.demo.service import generate
out, scale, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
started = time.perf_counter()
manifest = generate(out, scale=scale, seed=seed)
seconds = time.perf_counter() - started
loans = list(manifest.loans.values())
print(json.dumps({
    "seconds": seconds,
    "entities": manifest.entities,
    "loans_first": loans[0], "loans_last": loans[-1], "rows": sum(loans),
    "bytes": sum(f.bytes for f in manifest.files),
}))
"""


def measure(scale: str, seed: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="beizeng-demo-bench-") as tmp:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(Path(tmp) / scale), scale, str(seed)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        if status != 0:
            raise SystemExit(f"generation of {scale} failed")
        result: dict[str, float] = json.loads(output)
        result["peak_rss_mb"] = usage.ru_maxrss / 1024
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", nargs="+", default=["small", "city"])
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    for scale in args.scales:
        r = measure(scale, args.seed)
        goal = GOALS.get(scale)
        verdict = (
            ""
            if goal is None
            else (" OK" if r["seconds"] <= goal else f" SLOWER than {goal:.0f} s")
        )
        print(
            f"demo generate --scale {scale}: {r['seconds']:.1f} s{verdict}; "
            f"{r['entities']:,} entities, {r['loans_first']:,} → {r['loans_last']:,} loans per "
            f"month end, {r['rows']:,} ledger rows, {r['bytes'] / 1e6:,.0f} MB written, "
            f"peak RSS {r['peak_rss_mb']:,.0f} MB"
        )


if __name__ == "__main__":
    main()
