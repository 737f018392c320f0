"""Errors of the personal-data reads (messages in Chinese)."""

from beizeng.errors import InvalidInput, NotPermitted


class PurposeRequired(InvalidInput):
    """A whole value is shown only for a stated purpose (JR/T 0171-2020, 7.1.3)."""

    def __init__(self) -> None:
        super().__init__("请填写查看完整信息的用途（2–200 个字），该用途将记录在查阅日志中。")


class RevealNotNeeded(NotPermitted):
    """The role may reveal in general, but not this record (e.g. a bank not handling it)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
