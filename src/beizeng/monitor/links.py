"""The drill-down URLs of the monitor (issue 14 point 3), in a module of their own so that the
pages' views and the lineage (which reads the views' scope) can both build them without a cycle.

The contract shared by the pages: ``/monitor/explain?period=&metric=&subject=[&measure=]`` (a
metric for a subject: its composition and the ledger rows it counts; a derived measure's terms) and ``/monitor/targets/<id>?period=``
(a target: every subject's actual, benchmark and margin). ``subject`` is the city's code
(141100), a county's, an institution's, ``national``/``local`` or a branch ``INSTITUTION:COUNTY``.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from beizeng.kit.periods import Period

EXPLAIN_PATH = "/monitor/explain"
TARGET_PATH = "/monitor/targets"


def explain_href(period: Period | str, metric: str, subject: str, measure: str = "value") -> str:
    """The explain page of ``metric`` for ``subject`` at ``period``; with a derived ``measure``
    (``growth``, ``increase`` …) the page also shows that measure and the terms it comes from."""
    query = {"period": str(period), "metric": metric, "subject": subject}
    if measure != "value":
        query["measure"] = measure
    return f"{EXPLAIN_PATH}?{urlencode(query)}"


def target_href(target_id: str, period: Period | str) -> str:
    """The breakdown of one target at ``period``: every subject's actual, benchmark, margin."""
    return f"{TARGET_PATH}/{quote(target_id, safe='')}?{urlencode({'period': str(period)})}"
