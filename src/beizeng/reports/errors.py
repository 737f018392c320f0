"""Errors of the reports: the downloads in the web (issue 13 point 4) and the PDF rendering."""

from __future__ import annotations

from beizeng.errors import BeizengError, NotFound, NotPermitted


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


class PdfUnavailable(BeizengError):
    """The PDF beside a bulletin could not be rendered: LibreOffice is missing, timed out or
    failed (issue 14 point 5). The docx is unaffected; ``--no-pdf`` skips the PDF."""

    status = 503

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"无法生成 PDF：{reason}。docx 版本不受影响，可先下载 docx；"
            "请系统管理员在服务器上安装 LibreOffice（Debian：apt install libreoffice-writer-nogui），"
            "命令行也可用 --no-pdf 只生成 docx。"
        )
