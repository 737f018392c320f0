"""Dashboard load test (issue 7): pboc's dashboard, p95 < 200 ms at 20 concurrent users on the
``city`` demo data.

Run: ``.venv/bin/python benchmarks/dashboard_load.py [--source benchmarks/out/monitor-city]
[--users 20] [--seconds 60]``.

The city home with its imported ledgers is the monitoring benchmark's
(``benchmarks/monitor_evaluate.py --scale city`` builds ``benchmarks/out/monitor-city``). This
script makes ``benchmarks/out/dashboard-city`` beside it (a copy of the database, the ledger
files linked, not copied), upgrades the schema, adds a pboc user, starts ``beizeng serve``, times
the first (cold) dashboard — the precomputation a new ledger triggers — then runs locust
headless for a bounded time and prints the steady-state median and p95.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
from loadrun import BINDIR, home_env, served, swarm

PASSWORD = "Beizeng2022bench"


def prepare(source: Path, home: Path, env: dict[str, str], bindir: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "beizeng.db").exists():
        shutil.copyfile(source / "beizeng.db", home / "beizeng.db")
    for name in ("ledgers", "demo"):
        if not (home / name).exists() and (source / name).exists():
            (home / name).symlink_to((source / name).resolve())
    subprocess.run([str(bindir / "beizeng"), "db", "upgrade"], env=env, check=True)
    subprocess.run(
        [
            str(bindir / "beizeng"),
            "users",
            "create",
            "--role",
            "pboc",
            "--username",
            "bench_pboc",
            "--password-stdin",
        ],
        env=env,
        input=PASSWORD,
        text=True,
        check=False,
        capture_output=True,
    )


def cold(url: str) -> float:
    with httpx.Client(base_url=url, timeout=600) as client:
        page = client.get("/login").text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        client.post(
            "/login", data={"username": "bench_pboc", "password": PASSWORD, "csrf_token": token}
        )
        t = time.perf_counter()
        response = client.get("/dashboard")
        response.raise_for_status()
        return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, default=Path("benchmarks/out/monitor-city"))
    parser.add_argument("--home", type=Path, default=Path("benchmarks/out/dashboard-city"))
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not (args.source / "beizeng.db").exists():
        sys.exit(
            f"{args.source} has no city home: run benchmarks/monitor_evaluate.py --scale city first"
        )
    env = home_env(args.home)
    prepare(args.source, args.home, env, BINDIR)
    with served(args.home, args.workers) as url:
        print(f"cold dashboard (precompute after a new ledger): {cold(url):.1f} s")
        swarm(
            url,
            locustfile="dashboard_locustfile.py",
            users=args.users,
            seconds=args.seconds,
            out=args.home,
            env={**env, "BENCH_PASSWORD": PASSWORD},
        )


if __name__ == "__main__":
    main()
