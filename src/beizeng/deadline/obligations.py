"""Replies within five working days as platform metrics of the monitor (C-3.4.2).

Per bank and month end, among the applications it holds whose stored deadline (counted on the
working-day calendar when the clock started, never recounted here) falls in the year up to the
period end (``demand.rules.reply_standing``): ``demand_reply_due`` (all of them),
``demand_reply_on_time`` (first answered on or before the deadline) and
``demand_reply_overdue`` (answered late or unanswered past it); the monitor composes the rate
``demand_reply_on_time_share`` = on time / due, for a bank and for the city alike.

Which firms: the applications the platform set a deadline for, i.e. those the five-day rule
covers (``demand.rules.covered``: the firm has no loan, or the ledgers cannot tell). The
platform's demands are small firms' and individual businesses' requests; it does not classify
them by size, so none is left out on size. The monitor sits below the demands and cannot read
them, so this source is registered by ``beizeng.assembly.wire``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from beizeng.deadline.repository import DeadlineRepository, ReplyFacts
from beizeng.demand import rules
from beizeng.kit.clock import china_date
from beizeng.kit.periods import Period
from beizeng.monitor.platform import ExplainRow, PlatformKey

DUE, ON_TIME, OVERDUE = "demand_reply_due", "demand_reply_on_time", "demand_reply_overdue"


def _day(value: datetime | None) -> date | None:
    return china_date(value) if value is not None else None


def standing(facts: ReplyFacts, as_of: date) -> rules.ReplyStanding | None:
    """How the application counts at ``as_of`` (China dates of its stored times)."""
    return rules.reply_standing(
        facts.deadline,
        replied_on=_day(facts.replied_at),
        closed_on=_day(facts.closed_at),
        as_of=as_of,
    )


class ReplySource:
    """Answers the three counts from the demands' stored deadlines and reply times."""

    metrics = frozenset({DUE, ON_TIME, OVERDUE})

    def _facts(self, session: Session, periods: Sequence[Period]) -> list[ReplyFacts]:
        first = date(min(p.year for p in periods), 1, 1)
        return DeadlineRepository(session).reply_facts(first, max(p.end for p in periods))

    def values(self, session: Session, *, periods: Sequence[Period]) -> dict[PlatformKey, Decimal]:
        if not periods:
            return {}
        facts = self._facts(session, periods)
        out: dict[PlatformKey, Decimal] = {}
        for period in periods:
            tallies: dict[str, rules.ReplyTally] = defaultdict(rules.ReplyTally)
            for item in facts:
                found = standing(item, period.end)
                if found is not None:
                    tallies[item.institution_code] = tallies[item.institution_code].add(found)
            for code, tally in tallies.items():
                for slug, n in (
                    (DUE, tally.due),
                    (ON_TIME, tally.on_time),
                    (OVERDUE, tally.overdue),
                ):
                    out[(slug, code, str(period))] = Decimal(n)
        return out

    def explain_rows(
        self, session: Session, *, period: Period, metric: str, institution: str | None
    ) -> list[ExplainRow]:
        """One row per application counted (for the due count and the rate: every one due,
        each saying whether it was answered in time)."""
        wanted = {DUE: ("on_time", "overdue"), ON_TIME: ("on_time",), OVERDUE: ("overdue",)}
        rows: list[ExplainRow] = []
        for item in self._facts(session, [period]):
            found = standing(item, period.end)
            if found not in wanted[metric] or institution not in (None, item.institution_code):
                continue
            replied = _day(item.replied_at)
            assert found is not None
            rows.append(
                ExplainRow(
                    institution=item.institution_code,
                    submission_id=item.demand_id,
                    loan_id=str(item.demand_id),
                    borrower_id=item.uscc,
                    balance=item.amount,
                    reasons=rules.reply_reason(
                        china_date(item.submitted_at),
                        item.deadline,
                        replied if replied is not None and replied <= period.end else None,
                        found,
                    ),
                )
            )
        return rows


SOURCE = ReplySource()
