"""Matching speed (issue 5): one demand vs 2,000 products < 50 ms; all 100,000 open demands < 60 s.

Run: ``.venv/bin/python benchmarks/platform_matching.py [--products 2000] [--demands 100000]``.

Pure and in memory: the products and demands are generated as values (the ranking is a pure
function; reading rows from the database is measured separately by the load test), so the
figure is the ranking itself, including building the product matrix.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from beizeng.matching.rules import Need, Offer, OfferMatrix, rank_many, rank_products

COUNTIES = [f"1411{n:02d}" for n in (2, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 81, 82)]
SECTIONS = list("ACEFGHIM")


def offers(n: int, rng: random.Random) -> list[Offer]:
    result = []
    for i in range(n):
        low = rng.choice([10_000, 50_000, 100_000, 500_000])
        rate = rng.uniform(0.035, 0.065)
        result.append(
            Offer(
                i,
                f"B{i % 30:02d}",
                f"P{i}",
                rng.choice([(), ("enterprise",), ("individual_business",)]),
                rng.choice([(), ("small", "micro")]),
                rng.choice([(), (), (rng.choice(SECTIONS),)]),
                rng.choice([(), (), (rng.choice(COUNTIES),)]),
                rng.choice([("credit",), ("credit", "guarantee"), ("mortgage",)]),
                low,
                low * rng.choice([10, 30, 100]),
                rng.choice([1, 3, 6]),
                rng.choice([12, 36, 60]),
                rate,
                rate + 0.02,
            )
        )
    return result


def needs(n: int, rng: random.Random) -> list[Need]:
    return [
        Need(
            i,
            rng.choice(["enterprise", "individual_business"]),
            rng.choice(["small", "micro", "medium"]),
            rng.choice(SECTIONS),
            rng.choice(COUNTIES),
            rng.choice([50_000, 200_000, 1_000_000, 3_000_000]),
            rng.choice([6, 12, 24, 36]),
            rng.choice(["credit", "guarantee", "mortgage"]),
        )
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--demands", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(7)
    prods, demand_list = offers(args.products, rng), needs(args.demands, rng)
    t = time.perf_counter()
    matrix = OfferMatrix.build(prods, {f"B{i:02d}": 0.9 for i in range(30)})
    build = time.perf_counter() - t
    single = []
    for need in demand_list[:200]:
        t = time.perf_counter()
        rank_products(need, matrix, k=10)
        single.append(time.perf_counter() - t)
    t = time.perf_counter()
    idx, _ = rank_many(demand_list, matrix, k=5)
    mass = time.perf_counter() - t
    matched = int((idx[:, 0] >= 0).sum())
    single_ms = sorted(x * 1000 for x in single)
    print(f"matrix of {args.products} products built in {build * 1000:.1f} ms")
    print(
        f"one demand vs {args.products} products: median {statistics.median(single_ms):.2f} ms, p95 {single_ms[int(len(single_ms) * 0.95)]:.2f} ms (goal < 50 ms)"
    )
    print(
        f"{args.demands} demands vs {args.products} products: {mass:.2f} s (goal < 60 s), {matched} demands with a match"
    )


if __name__ == "__main__":
    main()
