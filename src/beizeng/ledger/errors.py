"""Errors of ledger and statistics imports and of the stored files."""

from __future__ import annotations

from collections.abc import Sequence

from beizeng.errors import BeizengError, DataInvalid, NotFound, Problem

SHOWN = 50
"""How many problems the message lists; the count and the error workbook have all of them."""


class LedgerInvalid(DataInvalid):
    """A ledger file broke rules; nothing was stored. ``total`` counts every error."""

    def __init__(
        self,
        problems: Sequence[Problem],
        *,
        total: int,
        warnings: Sequence[Problem] = (),
        errors_out: str | None = None,
    ) -> None:
        super().__init__(problems)
        lines = [f"发现 {total} 处错误，未写入任何数据。"]
        lines += [p.describe() for p in problems[:SHOWN]]
        if total > SHOWN:
            lines.append(f"……另有 {total - SHOWN} 处错误未列出")
        if errors_out:
            lines.append(f"全部错误已写入 {errors_out}（出错单元格已标红），请据此修改后重新导入。")
        self.message = "\n".join(lines)
        self.args = (self.message,)
        self.total = total
        self.warnings = list(warnings)


class SubmissionNotFound(NotFound):
    def __init__(self, code: str, period: str) -> None:
        super().__init__(f"机构「{code}」没有 {period} 的台账报送记录。")


class LedgerCorrupt(BeizengError):
    """Stored files no longer match their records (``ledger verify``)."""

    status = 500
