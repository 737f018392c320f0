"""Errors of subsidy and risk-compensation programmes."""

from __future__ import annotations

from beizeng.errors import Conflict, InvalidInput, NotFound


class ProgrammeNotFound(NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(
            f"补贴项目「{code}」不存在，请先创建（beizeng tools subsidy programme-add）。"
        )


class ClaimNotFound(NotFound):
    def __init__(self, claim_id: int) -> None:
        super().__init__(f"补贴申请 {claim_id} 不存在。")


class ProgrammeInvalid(InvalidInput):
    """A programme definition that breaks the format."""


class ClaimIneligible(InvalidInput):
    """The loan fails the programme's eligibility rules."""


class ClaimDuplicate(Conflict):
    """The loan was already claimed under the programme."""


class ClaimStateInvalid(Conflict):
    """The claim is not in a state that allows the action."""


class FundInsufficient(Conflict):
    """The fund cannot pay the amount: it would go negative."""


class CapReached(Conflict):
    """The enterprise's or the programme's cap is used up."""
