"""Errors of the policy library."""

from beizeng.errors import InvalidInput, NotFound


class PolicyNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("政策文件不存在。")


class PolicyInvalid(InvalidInput):
    """A value that breaks a rule of the library; the message names it."""


class AttachmentMissing(NotFound):
    """An attachment is registered but its file is not under the home (consolidation issue,
    point 9: a 404 with a message, not a 500)."""

    def __init__(self, filename: str) -> None:
        super().__init__(
            f"附件「{filename}」的文件已不在服务器上，可能已被移动或删除，请联系管理员。"
        )
