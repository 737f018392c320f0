"""Platform load test (issue 5): p95 < 100 ms at 50 concurrent users on 100,000 demands.

Run (after ``platform_grow.py``):
``.venv/bin/python benchmarks/platform_load.py --home benchmarks/out/platform [--users 50]
[--seconds 60] [--workers 2]``.

Starts ``beizeng serve`` on a free loopback port against the grown data, runs locust headless
for a bounded time (users join at 5 a second, each signing in once with argon2; the
statistics are reset when all have joined, so the figures are the steady state), prints each page's median and p95, and stops the server.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from loadrun import served, swarm


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", type=Path, default=Path("benchmarks/out/platform"))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with served(args.home, args.workers) as url:
        swarm(
            url,
            locustfile="platform_locustfile.py",
            users=args.users,
            seconds=args.seconds,
            out=args.home,
            env=dict(os.environ),
        )


if __name__ == "__main__":
    main()
