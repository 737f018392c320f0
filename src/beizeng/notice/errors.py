"""Errors of the notices' follow-up: each names the notice, the institution or the rule."""

from __future__ import annotations

from datetime import datetime

from beizeng.errors import Conflict, InvalidInput, NotFound, NotPermitted
from beizeng.kit.clock import china_minute


class NoticeNotFound(NotFound):
    def __init__(self, notice_id: int) -> None:
        super().__init__(f"未找到编号为 {notice_id} 的督导通报，或该通报不是发给本机构的。")


class NoticeAlreadyAcknowledged(Conflict):
    """A notice (or letter) acknowledged twice: the first acknowledgement stands."""

    def __init__(self, what: str, by: str | None, at: datetime) -> None:
        super().__init__(
            f"该{what}已于 {china_minute(at)} 由 {by or '本机构'} 签收，不能重复签收。"
        )


class RectificationNotYours(NotPermitted):
    """Measures filed by an institution other than the one noticed (its superior bank too)."""

    def __init__(self, noticed: str) -> None:
        super().__init__(
            f"整改措施须由被通报机构「{noticed}」自行报送，其他机构（包括上级管理行）不能代为报送。"
        )


class NoticeNotAcknowledged(Conflict):
    def __init__(self) -> None:
        super().__init__("请先签收该督导通报，再报送整改措施。")


class MeasuresInvalid(InvalidInput):
    """Rectification measures that break a rule (text length, attachments); the message names
    the field or the file."""


class NothingToIssue(Conflict):
    def __init__(self, period: str, already: int) -> None:
        if already:
            message = (
                f"{period} 的督导通报已全部下发（{already} 家机构），没有新的未达标机构需要通报。"
            )
        else:
            message = f"{period} 没有未达标的机构，无需下发督导通报。"
        super().__init__(message)


class DocumentMissing(NotFound):
    """A registered document or attachment whose file is gone from the home (404, not 500)."""

    def __init__(self, filename: str) -> None:
        super().__init__(f"文件「{filename}」已不在服务器上，可能已被移动或删除，请联系管理员。")


class DocumentNotYours(NotFound):
    def __init__(self) -> None:
        super().__init__("该函件发给被通报机构的上级管理行，本机构只能下载发给本机构的督导通报。")
