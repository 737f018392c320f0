"""Use cases of the demo: generate the synthetic Lüliang, and run the demo pipeline.

``generate`` writes the whole data set into a temporary sibling directory and moves it into place
at the end, so a stopped run never leaves a half-written demo. The main job behind ``make demo``
runs the steps listed in ``pipeline``.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from beizeng.demo.entities import generate_entities
from beizeng.demo.errors import DemoOutputOccupied, DemoScaleUnknown
from beizeng.demo.loans import Banks, Simulator, month_index
from beizeng.demo.rules import INCLUSIVE_CLASSES, INCLUSIVE_LINE, PERIODS, SCALES
from beizeng.demo.synthetic_stats import BankTotals, institution_stats
from beizeng.demo.writer import CsvWriter, FileRecord, entity_table, ledger_table
from beizeng.institution import service as institution_service
from beizeng.kit.files import ensure_directory
from beizeng.stats.rules import STATS_COLUMNS

GENERATOR_VERSION = 1
"""Bumped whenever the same scale and seed would produce different files."""

Progress = Callable[[int, int], None]


@dataclass
class Manifest:
    """What a demo directory holds: its parameters, counts and the sha256 of every file."""

    scale: str
    seed: int
    generator_version: int
    periods: list[str]
    entities: int
    loans: dict[str, int]  # per period
    files: list[FileRecord]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        data["files"] = [FileRecord(**f) for f in data["files"]]
        return cls(**data)

    @classmethod
    def load(cls, directory: Path) -> Manifest | None:
        """The manifest of a demo directory, or None if there is none (or it is unreadable)."""
        try:
            return cls.from_json((directory / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def matches(self, *, scale: str, seed: int) -> bool:
        return (self.scale, self.seed, self.generator_version) == (scale, seed, GENERATOR_VERSION)


def _registry_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _bank_totals(
    book_balances: np.ndarray, inclusive: np.ndarray, bank: np.ndarray, n: int
) -> list[BankTotals]:
    loans = np.bincount(bank, weights=book_balances, minlength=n)
    incl = np.bincount(bank[inclusive], weights=book_balances[inclusive], minlength=n)
    return [BankTotals(int(a), int(b)) for a, b in zip(loans, incl, strict=True)]


def _prepare(out: Path) -> Path:
    """A fresh temporary directory beside ``out``; refuses to replace a directory that is not a
    demo (one without a manifest and not empty)."""
    if out.exists() and any(out.iterdir()) and not (out / "manifest.json").exists():
        raise DemoOutputOccupied(
            f"目录 {out} 不为空且不是演示数据目录（没有 manifest.json），为避免覆盖他人文件，已停止。"
        )
    staging = out.parent / f".{out.name}.partial"
    if staging.exists():
        shutil.rmtree(staging)
    ensure_directory(staging)
    return staging


def generate(out: Path, *, scale: str, seed: int, progress: Progress | None = None) -> Manifest:
    """Build the synthetic Lüliang into ``out`` (replacing an earlier demo there).

    Deterministic: the same scale, seed and generator version give byte-identical files.
    """
    if scale not in SCALES:
        raise DemoScaleUnknown(f"演示数据规模「{scale}」不存在，可选：{'、'.join(SCALES)}。")
    size = SCALES[scale]
    staging = _prepare(out)
    total_steps = len(PERIODS) + 2
    report = progress or (lambda done, total: None)
    writer = CsvWriter(staging)
    try:
        registry_path = institution_service.packaged_registry()
        shutil.copyfile(registry_path, staging / "institutions.csv")
        registry = _registry_rows(registry_path)
        writer.record("institutions.csv", len(registry))
        banks = Banks.from_registry(registry)
        entities = generate_entities(np.random.default_rng([seed, 0]), size, salt=seed * 7_777)
        report(1, total_steps)
        simulator = Simulator(entities, banks, size.initial_loans, seed)
        loans: dict[str, int] = {}
        totals: dict[str, dict[str, BankTotals]] = {}
        for step, (period, book) in enumerate(simulator.run(), start=2):
            month = month_index(period)
            order = np.argsort(book.bank, kind="stable")
            table = ledger_table(book.take(order), month, entities, banks)
            rows = np.bincount(book.bank, minlength=len(banks))
            writer.write_parts(
                table,
                [
                    (f"ledgers/{period}/{code}.csv", int(n))
                    for code, n in zip(banks.codes, rows, strict=True)
                    if n  # a bank without loans that month has no file (an empty one is invalid)
                ],
            )
            inclusive = (
                (entities.cls[book.entity] < INCLUSIVE_CLASSES)
                & (entities.credit_line[book.entity] < INCLUSIVE_LINE)
                & ~book.consumption
            )
            per_bank = _bank_totals(
                book.balances(month).astype(float), inclusive, book.bank, len(banks)
            )
            totals[str(period)] = dict(zip(banks.codes, per_bank, strict=True))
            loans[str(period)] = len(book)
            report(step, total_steps)
        writer.write(entity_table(entities, simulator.first_start), "entities.csv")
        stats = institution_stats(
            np.random.default_rng([seed, 3]),
            registry=registry,
            totals=totals,
            amount_scale=size.loans / SCALES["city"].loans,
        )
        with (staging / "stats.csv").open("w", encoding="utf-8", newline="") as fh:
            csv_out = csv.writer(fh, lineterminator="\n")
            csv_out.writerow(STATS_COLUMNS)
            csv_out.writerows(stats)
        writer.record("stats.csv", len(stats))
    finally:
        writer.close()
    manifest = Manifest(
        scale=scale,
        seed=seed,
        generator_version=GENERATOR_VERSION,
        periods=[str(p) for p in PERIODS],
        entities=len(entities),
        loans=loans,
        files=sorted(writer.records, key=lambda r: r.path),
    )
    (staging / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    staging.rename(out)
    report(total_steps, total_steps)
    return manifest
