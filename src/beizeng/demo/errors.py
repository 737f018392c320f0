"""Errors of the demo data set."""

from beizeng.errors import Conflict, InvalidInput


class DemoScaleUnknown(InvalidInput):
    """A scale name that is not one of ``rules.SCALES``."""


class DemoOutputOccupied(Conflict):
    """The output directory holds files that are not an earlier demo."""
