"""Errors of monitoring: plans that cannot be read, metrics and subjects that do not exist."""

from __future__ import annotations

from beizeng.errors import InvalidInput, NotFound


class PlanInvalid(InvalidInput):
    """A plan file broke a rule; the message names the file, the target and the field."""


class MetricUnknown(InvalidInput):
    """A metric slug that is not registered."""


class SubjectUnknown(NotFound):
    """A subject code (county, institution, group) that does not exist."""


class MonitorNoData(NotFound):
    """No accepted ledger snapshot exists for the period asked for."""


class TargetUnknown(InvalidInput):
    """A ``--target`` that is not a target ranked per institution; the message lists those that
    are, so a mistyped id is answered rather than met with silence (consolidation issue,
    point 9)."""
