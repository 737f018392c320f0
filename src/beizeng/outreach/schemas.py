"""Values returned by the first-loan drive's use cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class RunReport:
    """What one assignment run did, per bank."""

    run_id: int | None
    assigned: int
    waiting: int
    city_basis: int
    per_bank: dict[str, int] = field(default_factory=dict)
    presence_period: str | None = None


@dataclass(frozen=True)
class ListReport:
    list_id: int
    rows: int
    removed_borrowers: int
    entities: int
    as_of: str | None
    run: RunReport


@dataclass(frozen=True)
class LoopReport:
    """Listed entities found with a loan in a ledger: the loop closed by itself."""

    period: str
    closed: int
    credited: dict[str, int]


@dataclass(frozen=True)
class FunnelRow:
    """assigned → contacted → demand → approved → first loan, with median working days."""

    key: str
    name: str
    counts: dict[str, int]
    median_days: dict[str, float | None]
    credited_first_loans: int = 0


@dataclass(frozen=True)
class ContactInput:
    outcome: str
    note: str = ""
    demand_id: int | None = None
    on: date | None = None
