"""Errors of the policy library."""

from beizeng.errors import InvalidInput, NotFound


class PolicyNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("政策文件不存在。")


class PolicyInvalid(InvalidInput):
    """A value that breaks a rule of the library; the message names it."""
