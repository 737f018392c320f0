"""The four lists as a platform metric of the monitor (C-3.4.1), registered at the assembly.

``four_lists_on_time`` of a bank at a month end: how many of its four lists were first published
on or before 2022-06-30 (``rules.lists_on_time``). The monitor sits below the products and
cannot read them, so this source is registered with ``beizeng.monitor.platform`` by
``beizeng.assembly.wire``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from beizeng.kit.clock import china_date
from beizeng.kit.periods import Period
from beizeng.monitor.platform import ExplainRow, PlatformKey
from beizeng.product import rules
from beizeng.product.repository import FourListRepository

METRIC = "four_lists_on_time"


class FourListSource:
    """Answers ``four_lists_on_time`` from the lists' first versions."""

    metrics = frozenset({METRIC})

    def _firsts(self, session: Session) -> list[tuple[int, str, str, date]]:
        """(list id, institution code, kind, day first published in China)."""
        return [
            (list_id, code, kind, china_date(at))
            for list_id, code, kind, at in FourListRepository(session).first_versions()
        ]

    def values(self, session: Session, *, periods: Sequence[Period]) -> dict[PlatformKey, Decimal]:
        by_bank: dict[str, dict[str, date]] = defaultdict(dict)
        for _, code, kind, day in self._firsts(session):
            by_bank[code][kind] = day
        out: dict[PlatformKey, Decimal] = {}
        for period in periods:
            for code, firsts in by_bank.items():
                out[(METRIC, code, str(period))] = Decimal(
                    rules.lists_on_time(firsts, as_of=period.end)
                )
        return out

    def explain_rows(
        self, session: Session, *, period: Period, metric: str, institution: str | None
    ) -> list[ExplainRow]:
        """One row per list counted: its id and when it was first published."""
        return [
            ExplainRow(
                institution=code,
                submission_id=list_id,
                loan_id=None,
                borrower_id=None,
                balance=None,
                reasons=rules.list_reason(kind, day),
            )
            for list_id, code, kind, day in self._firsts(session)
            if (institution is None or code == institution)
            and kind in rules.FOUR_LISTS
            and rules.list_on_time(day, as_of=period.end)
        ]


SOURCE = FourListSource()
