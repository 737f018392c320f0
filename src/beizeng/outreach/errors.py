"""Errors of the first-loan drive (messages in Chinese)."""

from beizeng.errors import Conflict, InvalidInput, NotFound


class AssignmentNotFound(NotFound):
    """Also raised for another bank's assignment: nothing leaks."""

    def __init__(self) -> None:
        super().__init__("分配记录不存在或无权查看。")


class ListNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("无贷户名单不存在。")


class AssignmentClosed(Conflict):
    def __init__(self, status: str) -> None:
        super().__init__(f"该分配已结束（{status}），不能再登记或退回。")


class OutreachInvalid(InvalidInput):
    """A value that breaks a rule of the drive; the message names it."""
