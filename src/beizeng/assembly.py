"""Side effects wired at the assembly points (CONVENTIONS rule 7).

A lower feature announces through a ``kit.hooks.Hook``; the features above it subscribe here.
``web/app.py``, ``cli/app.py`` and the demo pipeline call ``wire()``, so every way in runs the
same listeners; wiring twice changes nothing.
"""

from __future__ import annotations

from beizeng.demand import service as demands
from beizeng.holiday import service as holidays
from beizeng.outreach import service as outreach


def wire() -> None:
    """Subscribe every listener to the hook it listens to."""
    holidays.YEAR_LOADED.subscribe(demands.recompute_provisional_deadlines)
    holidays.YEAR_LOADED.subscribe(outreach.recompute_provisional_idle_dues)
