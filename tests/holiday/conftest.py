"""Fixtures of the calendar tests: the platform app with a frozen clock."""

from tests.web.conftest import platform

__all__ = ["platform"]
