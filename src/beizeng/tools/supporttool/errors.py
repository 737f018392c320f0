"""Errors of the support tool."""

from __future__ import annotations

from beizeng.errors import Conflict, NotFound


class LedgersMissing(NotFound):
    """A bank has a ledger at one end of the quarter but not at the other."""


class StatementNotFound(NotFound):
    def __init__(self, quarter: str) -> None:
        super().__init__(
            f"{quarter} 尚无支持工具核算表，请先运行 beizeng tools support-tool --quarter {quarter}。"
        )


class NoLineToConfirm(NotFound):
    """The quarter's statement has no line of the confirming bank."""


class AlreadyConfirmed(Conflict):
    """The bank already confirmed this version of the statement."""
