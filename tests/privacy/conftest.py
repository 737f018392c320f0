"""Fixtures of the personal-data tests: the platform app, with two lending banks for outreach."""

from tests.ledger.conftest import ledger_home
from tests.outreach.web import platform, staffed

__all__ = ["ledger_home", "platform", "staffed"]
