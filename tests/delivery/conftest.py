"""Fixtures of the kept-delivery tests: the ledger home and a registered bank."""

from tests.ledger.conftest import bank, ledger_home

__all__ = ["bank", "ledger_home"]
