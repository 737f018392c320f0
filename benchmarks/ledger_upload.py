"""Ledger upload speed and the web's responsiveness during it (issue 13 point 1, C-4.5.1).

Run: ``.venv/bin/python benchmarks/ledger_upload.py [--rows 300000] [--files DIR]``.

One run, one generated CSV (``ledger_import._generate_sql``: valid check digits and all), one
fresh home with the packaged registry, a bank clerk with a ``ledgers:write`` token per bank:

1. **CLI**: a child process times ``ledger.service.import_ledger`` of the file (bank A, one month per run),
   after a warm-up import of a small file, as ``beizeng ledger import`` runs it.
2. **Upload**: ``beizeng serve --workers 1`` on loopback; after a small warm-up upload, the client
   times ``POST /api/ledgers`` of the same file (bank B, the same month) from the first byte sent to the
   201. Meanwhile a second client requests other pages (``/products``, ``/policies``,
   ``GET /api/ledgers``) back to back; their p95 is compared with the same pages' p95 before the
   upload. One worker, so the figure shows that the import does not hold the event loop (the
   route is sync: it runs in the threadpool; the body is streamed to disk as it arrives).

The CLI import and the upload alternate (``--repeat`` runs, default 3) and the medians are\ncompared, so that a busy neighbour on shared cores slows both alike. Goals: upload ≤ 1.3 × the\nCLI import; the other pages keep answering (p95 printed).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ledger_import import _generate_sql
from loadrun import home_env, served

GOAL_RATIO = 1.3
PERIODS = ("2022-05", "2022-07", "2022-09", "2022-11", "2023-01")
"""Months of which no neighbour is submitted: no run compares with a previous month."""
WARM_PERIOD = "2023-03"
PAGES = ("/products", "/policies", "/api/ledgers")
PASSWORD = "Lvliang2022bench"


def generate(path: Path, rows: int) -> None:
    from beizeng.ledger import duck

    con = duck.connect()
    con.execute(f"COPY ({_generate_sql(rows)}) TO '{path}' (HEADER, DELIMITER ',')")
    con.close()


def setup() -> None:
    """Child: migrate the home, load the registry, one clerk and token for each of two banks."""
    from beizeng import db
    from beizeng.account import service as accounts
    from beizeng.config import get_settings
    from beizeng.db import session_scope
    from beizeng.institution.service import bank_choices, import_registry, packaged_registry

    settings = get_settings()
    db.ensure_current()
    tokens: dict[str, str] = {}
    with session_scope() as session:
        import_registry(session, path=packaged_registry(), settings=settings)
        codes = [code for code, _ in bank_choices(session)][:2]
        for n, code in enumerate(codes):
            user = accounts.create_user(
                session,
                username=f"bench{n}",
                password=PASSWORD,
                role="bank",
                institution_code=code,
            )
            _row, token = accounts.create_token(
                session,
                principal=accounts.principal_of(session, user),
                name="bench",
                scopes=frozenset({"ledgers:write", "ledgers:read"}),
                days=30,
                max_days=settings.token_max_days,
                now=datetime.now(UTC) - timedelta(minutes=1),
            )
            tokens[code] = token
    print(json.dumps(tokens))


def cli(path: Path, warm: Path, code: str, period: str) -> None:
    """Child: the CLI's import of ``path`` for bank ``code``, timed after a warm-up import."""
    from beizeng import assembly
    from beizeng.config import get_settings
    from beizeng.db import session_scope
    from beizeng.kit.clock import SystemClock
    from beizeng.kit.periods import Period
    from beizeng.ledger import service

    assembly.wire()
    timings: dict[str, float] = {}
    for label, file, month in (("warm", warm, WARM_PERIOD), ("import", path, period)):
        started = time.perf_counter()
        with session_scope() as session:
            report = service.import_ledger(
                session,
                path=file,
                institution_code=code,
                period=Period.parse(month),
                settings=get_settings(),
                now=SystemClock().now(),
            )
        timings[f"{label}_seconds"] = time.perf_counter() - started
        timings[f"{label}_rows"] = report.rows
    print(json.dumps(timings))


def _child(home: Path, *args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, *args],
        env=home_env(home),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


class Probe(threading.Thread):
    """Requests the other pages back to back until stopped; keeps each latency."""

    def __init__(self, url: str, token: str) -> None:
        super().__init__(daemon=True)
        self.url, self.token = url, token
        self.latencies: list[float] = []
        self.failures = 0
        self.stop = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=60) as client:
            n = 0
            while not self.stop.is_set():
                page = PAGES[n % len(PAGES)]
                n += 1
                headers = (
                    {"Authorization": f"Bearer {self.token}"} if page.startswith("/api") else {}
                )
                started = time.perf_counter()
                response = client.get(page, headers=headers)
                self.latencies.append(time.perf_counter() - started)
                self.failures += response.status_code != 200
                time.sleep(0.02)


def upload(url: str, token: str, path: Path, period: str) -> tuple[float, dict[str, object]]:
    with httpx.Client(base_url=url, timeout=3600) as client, path.open("rb") as fh:
        started = time.perf_counter()
        response = client.post(
            "/api/ledgers",
            headers={"Authorization": f"Bearer {token}"},
            data={"period": period},
            files={"file": (path.name, fh, "text/csv")},
        )
        seconds = time.perf_counter() - started
    if response.status_code != 201:
        raise SystemExit(f"upload failed: {response.status_code} {response.text[:500]}")
    body: dict[str, object] = response.json()
    return seconds, body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--files", type=Path, help="keep the generated files here for later runs")
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, choices=range(1, len(PERIODS) + 1))
    parser.add_argument("--cli", nargs=4, metavar=("FILE", "WARM", "CODE", "PERIOD"))
    args = parser.parse_args()
    if args.setup:
        setup()
        return
    if args.cli:
        cli(Path(args.cli[0]), Path(args.cli[1]), args.cli[2], args.cli[3])
        return
    with tempfile.TemporaryDirectory(prefix="beizeng-upload-") as tmp:
        directory = Path(tmp)
        files = args.files or directory
        files.mkdir(parents=True, exist_ok=True)
        big, warm = files / f"ledger-{args.rows}.csv", files / "ledger-1000.csv"
        if not big.exists():
            generate(big, args.rows)
        if not warm.exists():
            generate(warm, 1000)
        home = directory / "home"
        home.mkdir()
        tokens = _child(home, "--setup")
        (code_a, _token_a), (code_b, token_b) = list(tokens.items())
        print(
            f"{big.stat().st_size / 1e6:.0f} MB CSV, {args.rows:,} rows; "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
        )
        cli_runs: list[float] = []
        upload_runs: list[float] = []
        during: list[float] = []
        failures = 0
        with served(home, 1) as url:
            upload(url, str(token_b), warm, WARM_PERIOD)
            baseline = Probe(url, str(token_b))
            baseline.start()
            time.sleep(5)
            baseline.stop.set()
            baseline.join()
            for period in PERIODS[: args.repeat]:
                # interleaved, so that a busy neighbour slows both sides alike
                timed = _child(home, "--cli", str(big), str(warm), code_a, period)
                cli_runs.append(float(str(timed["import_seconds"])))
                probe = Probe(url, str(token_b))
                probe.start()
                seconds, body = upload(url, str(token_b), big, period)
                probe.stop.set()
                probe.join()
                upload_runs.append(seconds)
                during += probe.latencies
                failures += probe.failures
                print(
                    f"{period}: CLI import_ledger {cli_runs[-1]:.2f} s, "
                    f"POST /api/ledgers {seconds:.2f} s ({body['rows']:,} rows)"
                )
        cli_seconds, upload_seconds = statistics.median(cli_runs), statistics.median(upload_runs)
        ratio = upload_seconds / cli_seconds
        print(
            f"median of {len(cli_runs)}: CLI {cli_seconds:.2f} s, upload {upload_seconds:.2f} s: "
            f"{ratio:.2f}× the CLI import (goal ≤ {GOAL_RATIO}×)"
        )
        print(
            f"other pages ({', '.join(PAGES)}): p95 {_p95(baseline.latencies) * 1000:.0f} ms idle "
            f"({len(baseline.latencies)} requests), p95 {_p95(during) * 1000:.0f} ms "
            f"during the uploads ({len(during)} requests, max {max(during) * 1000:.0f} ms, "
            f"{failures} failed)"
        )


if __name__ == "__main__":
    main()
