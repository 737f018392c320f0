"""Side effects wired at the assembly points (CONVENTIONS rule 7).

A lower feature announces through a ``kit.hooks.Hook``; the features above it subscribe here.
``web/app.py``, ``cli/app.py`` and the demo pipeline call ``wire()``, so every way in runs the
same listeners; wiring twice changes nothing.
"""

from __future__ import annotations

from beizeng.delivery import service as deliveries
from beizeng.demand import service as demands
from beizeng.event import service as events
from beizeng.holiday import service as holidays
from beizeng.kit import hooks
from beizeng.ledger.events import SUBMISSION_ACCEPTED
from beizeng.outreach import assignment, loop


def wire() -> None:
    """Subscribe every listener to the hook it listens to; keep what isolated ones drop."""
    hooks.set_failure_sink(deliveries.record_failure)
    holidays.YEAR_LOADED.subscribe(demands.recompute_provisional_deadlines)
    holidays.YEAR_LOADED.subscribe(assignment.recompute_provisional_idle_dues)
    SUBMISSION_ACCEPTED.subscribe(loop.close_first_loans)
    SUBMISSION_ACCEPTED.subscribe(events.follow_agreements_on_import)
