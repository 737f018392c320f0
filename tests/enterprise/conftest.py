"""Fixtures of the enterprise tests: a ledger home for the no-loan flag."""

from tests.ledger.conftest import ledger_home

__all__ = ["ledger_home"]
