"""Speed of the reference functions a row-by-row caller would use (validation, sizing, days).

Run: ``.venv/bin/python benchmarks/reference_lookups.py [--n 100000]``.

Inputs are generated first (valid check characters), then each function is timed alone over
all of them; the figure is calls per second on one core.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from beizeng.reference import identifiers, industries, sizing, workdays


def _rate(label: str, fn: Callable[[int], object], n: int) -> None:
    start = time.perf_counter()
    for i in range(n):
        fn(i)
    seconds = time.perf_counter() - start
    print(f"{label:<32} {n / seconds:>12,.0f} /s  ({seconds:.2f} s for {n:,})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    n = parser.parse_args().n
    rng = random.Random(2022)
    alphabet = identifiers.USCC_ALPHABET
    usccs = []
    for _ in range(n):
        body = "91141102" + "".join(rng.choice(alphabet) for _ in range(9))
        usccs.append(body + identifiers.uscc_check_char(body))
    ids = []
    for _ in range(n):
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(25_000))
        body = rng.choice(["141102", "142302", "141124"]) + born.strftime("%Y%m%d")
        body += f"{rng.randrange(1000):03d}"
        ids.append(body + identifiers.resident_id_check_char(body))
    codes = [rng.choice(["C3011", "3011", "H62", "F5211", "L7291", "B06"]) for _ in range(n)]
    days = [date(2022, 1, 1) + timedelta(days=rng.randrange(700)) for _ in range(n)]
    revenue = [Decimal(rng.randrange(50_000)) for _ in range(n)]

    _rate("validate_uscc", lambda i: identifiers.validate_uscc(usccs[i]), n)
    _rate("validate_resident_id", lambda i: identifiers.validate_resident_id(ids[i]), n)
    _rate("normalise_industry", lambda i: industries.normalise_industry(codes[i]), n)
    _rate(
        "classify_enterprise (工业)",
        lambda i: sizing.classify_enterprise("C3011", employees=i % 2000, revenue_wan=revenue[i]),
        n,
    )
    _rate("add_workdays(d, 5)", lambda i: workdays.add_workdays(days[i], 5), n)
    _rate(
        "workdays_between(d, d+30)",
        lambda i: workdays.workdays_between(days[i], days[i] + timedelta(30)),
        n,
    )


if __name__ == "__main__":
    main()
