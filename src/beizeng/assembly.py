"""Side effects wired at the assembly points (CONVENTIONS rule 7).

A lower feature announces through a ``kit.hooks.Hook``; the features above it subscribe here.
The monitor's platform metrics (C-3.4.1, C-3.4.2) are answered by sources of the features above
it, registered here the same way (``monitor.platform.register_source``).
``web/app.py``, ``cli/app.py`` and the demo pipeline call ``wire()``, so every way in runs the
same listeners; wiring twice changes nothing.
"""

from __future__ import annotations

from beizeng.deadline import obligations as reply_obligations
from beizeng.delivery import service as deliveries
from beizeng.demand import service as demands
from beizeng.event import service as events
from beizeng.holiday import service as holidays
from beizeng.kit import hooks
from beizeng.ledger.events import SUBMISSION_ACCEPTED
from beizeng.monitor import platform
from beizeng.outreach import assignment, loop
from beizeng.product import obligations as list_obligations


def wire() -> None:
    """Subscribe every listener to the hook it listens to; keep what isolated ones drop."""
    hooks.set_failure_sink(deliveries.record_failure)
    holidays.YEAR_LOADED.subscribe(demands.recompute_provisional_deadlines)
    holidays.YEAR_LOADED.subscribe(assignment.recompute_provisional_idle_dues)
    SUBMISSION_ACCEPTED.subscribe(loop.close_first_loans)
    SUBMISSION_ACCEPTED.subscribe(events.follow_agreements_on_import)
    platform.register_source(list_obligations.SOURCE)
    platform.register_source(reply_obligations.SOURCE)
