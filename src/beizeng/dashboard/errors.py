"""Errors of the dashboards."""

from __future__ import annotations

from beizeng.errors import NotFound


class ChartUnknown(NotFound):
    """A chart name the viewer's dashboard does not draw; the message lists those it does."""
