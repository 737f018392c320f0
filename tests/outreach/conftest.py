"""Fixtures of the first-loan drive's tests: a ledger home, and the app with two lending banks."""

from tests.ledger.conftest import ledger_home
from tests.outreach.web import platform, staffed

__all__ = ["ledger_home", "platform", "staffed"]
