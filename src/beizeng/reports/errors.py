"""Errors of the reports' downloads in the web (issue 13 point 4)."""

from __future__ import annotations

from beizeng.errors import NotFound, NotPermitted


class BulletinCityOnly(NotPermitted):
    """The regular bulletin is the city sub-branch's document of the whole city (C-4.5.3); a
    county sub-branch downloads its county's workbook and notices instead."""

    def __init__(self) -> None:
        super().__init__(
            "定期通报是市分行印发的全市公文，县（市、区）支行不能生成；"
            "请下载本县区的指标工作簿或督导通报稿。"
        )


class NoNoticesDue(NotFound):
    def __init__(self, period: str) -> None:
        super().__init__(f"{period} 没有未达标的机构，无需生成督导通报。")
