"""Errors of enterprise profiles."""

from beizeng.errors import InvalidInput, NotFound


class EnterpriseNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("企业不存在或无权查看。")


class ProfileInvalid(InvalidInput):
    """A profile value that breaks a rule; the message names the field and the value."""
