"""Errors of matching events."""

from beizeng.errors import InvalidInput, NotFound


class EventNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("对接活动不存在或无权查看。")


class EventInvalid(InvalidInput):
    """A value that breaks a rule of events; the message names it."""
