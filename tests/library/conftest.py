"""A BEIZENG_HOME for attachments (the ledger tests' fixture)."""

from tests.ledger.conftest import ledger_home

__all__ = ["ledger_home"]
