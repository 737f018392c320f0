"""Errors of the holiday calendar."""

from __future__ import annotations

from beizeng.errors import Conflict, InvalidInput


class YearAlreadyLoaded(Conflict):
    """The year was loaded from a notice with other content; replacing it must be asked for."""

    def __init__(self, year: int, source: str) -> None:
        super().__init__(
            f"{year} 年的节假日安排已按「{source}」载入，且与本文件内容不同；"
            "确需替换请加 --replace（网页上勾选「替换已载入的年份」）。"
        )


class NoticeTooLarge(InvalidInput):
    def __init__(self, file: str, limit: int) -> None:
        super().__init__(f"文件 {file} 超过 {limit // 1024} KB，不是一年的节假日安排文件。")
