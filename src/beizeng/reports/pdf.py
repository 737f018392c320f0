"""A document's PDF, rendered from its docx by LibreOffice headless (issue 14 point 5).

The bulletin is printed and published as PDF beside the docx that staff edit. LibreOffice embeds
(subsets of) every font it uses in a PDF export, so the PDF reads the same on any machine. The
faces the GB/T 9704 layout names (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体, Times New
Roman) are often not installed on a server: a fontconfig file of this conversion maps each to
the same face under its Windows name when present, else to a CJK face of the same kind (serif
for 仿宋/楷体/小标宋, sans for 黑体; Simplified Chinese glyph forms), instead of whatever
fontconfig would pick (a Japanese sans).

Each conversion (of one document, or of several in one run) runs in a temporary folder with its own LibreOffice profile (two conversions at
once would otherwise share one profile and one of them fail), with a timeout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from beizeng.reports.errors import PdfUnavailable

TIMEOUT_S = 180
"""A cold LibreOffice start plus a 10-page bulletin takes 5–20 s; a hung one is stopped."""
PROGRAMS = ("soffice", "libreoffice")
ALIASES: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("FangSong", "仿宋", "Noto Serif CJK SC"),
    "楷体_GB2312": ("KaiTi", "楷体", "AR PL UKai CN", "Noto Serif CJK SC"),
    "黑体": ("SimHei", "Noto Sans CJK SC"),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "SimSun", "Noto Serif CJK SC"),
    "宋体": ("SimSun", "Noto Serif CJK SC"),
    "Times New Roman": ("Liberation Serif", "DejaVu Serif"),
}
"""Each face the documents name → the faces to use in its place, the first installed wins."""


def fontconfig() -> str:
    """The fontconfig file of a conversion: the system's configuration plus ``ALIASES``."""
    aliases = "".join(
        f'  <alias binding="same"><family>{escape(name)}</family><prefer>'
        + "".join(f"<family>{escape(f)}</family>" for f in faces)
        + "</prefer></alias>\n"
        for name, faces in ALIASES.items()
    )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        '<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"{aliases}</fontconfig>\n"
    )


def program() -> str:
    """The LibreOffice executable on ``PATH``; a Chinese error when there is none."""
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    raise PdfUnavailable("未找到 LibreOffice（soffice）")


def to_pdf(docx: bytes, *, timeout: float = TIMEOUT_S, scratch: Path | None = None) -> bytes:
    """The PDF of the docx ``docx``, converted in a temporary folder (under ``scratch`` when
    given) that is removed afterwards."""
    return to_pdfs([docx], timeout=timeout, scratch=scratch)[0]


def to_pdfs(
    documents: Sequence[bytes], *, timeout: float = TIMEOUT_S, scratch: Path | None = None
) -> list[bytes]:
    """The PDF of each docx of ``documents``, in order, converted by one LibreOffice run (a
    period's notices and letters: one start instead of one per document) in a temporary folder
    (under ``scratch`` when given) that is removed afterwards."""
    soffice = program()
    with tempfile.TemporaryDirectory(dir=scratch, prefix="pdf-") as name:
        folder = Path(name)
        sources = [folder / f"document-{i}.docx" for i in range(len(documents))]
        for source, docx in zip(sources, documents, strict=True):
            source.write_bytes(docx)
        config = folder / "fonts.conf"
        config.write_text(fontconfig(), encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(config)}
        command = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, sources),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(f"LibreOffice 超过 {timeout:g} 秒未完成转换") from None
        results = [source.with_suffix(".pdf") for source in sources]
        if done.returncode != 0 or not all(result.exists() for result in results):
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise PdfUnavailable(
                f"LibreOffice 转换失败（退出码 {done.returncode}{'：' + detail[0] if detail else ''}）"
            )
        return [result.read_bytes() for result in results]
