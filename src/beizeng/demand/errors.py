"""Errors of financing demands."""

from beizeng.errors import Conflict, InvalidInput, NotFound


class DemandNotFound(NotFound):
    """Also raised for a demand that exists but is not visible: nothing leaks."""

    def __init__(self) -> None:
        super().__init__("融资需求不存在或无权查看。")


class TransitionRefused(Conflict):
    def __init__(self, status_name: str, action_name: str) -> None:
        super().__init__(f"需求当前状态为「{status_name}」，不能执行「{action_name}」。")


class DemandInvalid(InvalidInput):
    """A demand value that breaks a rule; the message names the field and the value."""
