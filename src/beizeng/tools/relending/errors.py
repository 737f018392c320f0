"""Errors of relending, carbon and coal tools."""

from __future__ import annotations

from beizeng.errors import Conflict, InvalidInput, NotFound, NotPermitted


class TermInvalid(InvalidInput):
    """A draw term the programme does not offer."""


class BatchNotFound(NotFound):
    def __init__(self, batch_id: int) -> None:
        super().__init__(f"再贷款申请批次 {batch_id} 不存在。")


class InstitutionNotEligible(NotPermitted):
    """The bank may not use the programme on that date."""


class QuotaExceeded(Conflict):
    """The draw would pass the bank's quota."""


class BatchStateInvalid(Conflict):
    """The batch is not in a state that allows the action."""


class NothingEligible(InvalidInput):
    """No loan of the batch passed the programme's rules."""


class RepaymentInvalid(InvalidInput):
    """A repayment beyond the outstanding draw or before the draw."""
