"""A BEIZENG_HOME for tests that import ledgers (the ledger tests' fixture)."""

from tests.ledger.conftest import ledger_home

__all__ = ["ledger_home"]
