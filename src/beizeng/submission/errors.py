"""Errors of the submissions (C-4.5.1): each a Chinese message and a 4xx status."""

from __future__ import annotations

from collections.abc import Sequence

from beizeng.errors import InvalidInput, NotFound, NotPermitted, Problem


class NoInstitution(NotPermitted):
    def __init__(self) -> None:
        super().__init__("您的账户未关联机构，不能报送：请联系管理员在账户中设置所属机构。")


class PeriodNotOpen(InvalidInput):
    """A period that cannot be submitted (before 2000, or not yet ended)."""


class ReasonInvalid(InvalidInput):
    """A resubmission without a reason, or a reason too long."""


class SubmissionRefused(InvalidInput):
    """A file broke the contract; nothing was stored. Carries every listed problem, the count
    of all errors and, for a ledger refused through the pages, the error workbook's token."""

    def __init__(
        self,
        message: str,
        *,
        problems: Sequence[Problem],
        total: int,
        workbook: str | None = None,
    ) -> None:
        super().__init__(message)
        self.problems = [p for p in problems if p.severity == "error"]
        self.total = total
        self.workbook = workbook


class UploadTooLarge(InvalidInput):
    """More bytes than ``BEIZENG_MAX_UPLOAD_BYTES``: refused before it is read (413)."""

    status = 413

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"上传的文件超过大小上限 {limit / 1_000_000:,.0f} MB，未读取也未保存："
            "请拆分或压缩后重新上传。"
        )


class WorkbookNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("错误清单不存在或已过期：请重新上传台账以生成新的错误清单。")
