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
import csv
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", type=Path, default=Path("benchmarks/out/platform"))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    port = _port()
    env = {**os.environ, "BEIZENG_HOME": str(args.home.resolve())}
    server = subprocess.Popen(
        [str(bindir / "beizeng"), "serve", "--port", str(port), "--workers", str(args.workers)],
        env=env,
    )
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        prefix = args.home / "locust"
        subprocess.run(
            [
                str(bindir / "locust"),
                "-f",
                str(Path(__file__).with_name("platform_locustfile.py")),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                "5",
                "--reset-stats",
                "-t",
                f"{args.seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
            ],
            check=False,
        )
        with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                print(
                    f"{row['Name']:16} requests {row['Request Count']:>6}  failures {row['Failure Count']:>4}  median {row['50%']:>5} ms  p95 {row['95%']:>5} ms"
                )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
