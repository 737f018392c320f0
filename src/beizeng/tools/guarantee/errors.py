"""Errors of the guarantee ledger."""

from __future__ import annotations

from beizeng.errors import Conflict, InvalidInput, NotFound


class AgencyNotFound(NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(
            f"担保机构「{code}」不存在，请先登记（beizeng tools guarantee agency-add）。"
        )


class AgreementNotFound(NotFound):
    """No 总对总 agreement between the agency and the bank in force on the date."""


class GuaranteedLoanNotFound(NotFound):
    def __init__(self, loan_ref: str) -> None:
        super().__init__(f"担保贷款「{loan_ref}」不存在。")


class GuaranteeInvalid(InvalidInput):
    """Bad figures: a share outside 0–1, a fee above the cap, an end before the start."""


class GuaranteeConflict(Conflict):
    """A loan guaranteed twice, a second compensation, a recovery beyond the loss."""
