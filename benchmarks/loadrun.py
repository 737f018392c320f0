"""Shared machinery of the load benchmarks: serve a home on loopback, swarm it with locust.

``served(home, workers)`` starts ``beizeng serve`` on a free 127.0.0.1 port and waits until it
answers; ``swarm(...)`` runs locust headless for a bounded time (users join at 5 a second, the
statistics reset once all have joined, so the figures are the steady state) and prints each
page's median and p95 from locust's CSV.
"""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BINDIR = Path(sys.executable).parent


def home_env(home: Path) -> dict[str, str]:
    """The environment of a beizeng process on ``home`` (its own SQLite database)."""
    env = {**os.environ, "BEIZENG_HOME": str(home.resolve())}
    env.pop("BEIZENG_DATABASE_URL", None)
    return env


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(home: Path, workers: int) -> Iterator[str]:
    """``beizeng serve`` on ``home``; yields its URL once ``/login`` answers, stops it after."""
    port = _port()
    server = subprocess.Popen(
        [str(BINDIR / "beizeng"), "serve", "--port", str(port), "--workers", str(workers)],
        env=home_env(home),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{url}/login", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def swarm(
    url: str, *, locustfile: str, users: int, seconds: int, out: Path, env: dict[str, str]
) -> None:
    """Run locust headless against ``url`` for ``seconds`` and print the steady-state figures."""
    prefix = out / "locust"
    subprocess.run(
        [
            str(BINDIR / "locust"),
            "-f",
            str(Path(__file__).with_name(locustfile)),
            "--headless",
            "-u",
            str(users),
            "-r",
            "5",
            "--reset-stats",
            "-t",
            f"{seconds}s",
            "--host",
            url,
            "--csv",
            str(prefix),
            "--only-summary",
        ],
        env=env,
        check=False,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            print(
                f"{row['Name']:16} requests {row['Request Count']:>6}  "
                f"failures {row['Failure Count']:>4}  "
                f"median {row['50%']:>5} ms  p95 {row['95%']:>5} ms"
            )
