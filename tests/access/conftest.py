"""Fixtures of the access tests: the web platform (tests/web) and a ledger home (tests/ledger)."""

from tests.ledger.conftest import ledger_home
from tests.web.conftest import platform

__all__ = ["ledger_home", "platform"]
