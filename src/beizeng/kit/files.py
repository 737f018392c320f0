"""Writing output files (``--out``): one place that turns an unwritable path into a clear message.

A clerk who types ``--out 报表/2022-06.xlsx`` in a folder that does not exist yet, or points at a
read-only share, must read which folder or file could not be written and why, not 「内部错误」.
Missing folders are created (as the reports always did); anything the system refuses is an
``OutputPathInvalid`` naming the path and the operating system's reason.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from beizeng.errors import InvalidInput


class OutputPathInvalid(InvalidInput):
    """An output path that cannot be written."""


def ensure_directory(path: Path) -> Path:
    """``path`` as an existing directory, created with its parents if missing."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputPathInvalid(f"无法创建目录 {path}：{_reason(exc)}") from None
    return path


def write_output(path: Path, data: bytes | str) -> Path:
    """Write one file (text as UTF-8), creating its folder; returns ``path``."""
    write_outputs([(path, data)])
    return path


def write_outputs(files: Sequence[tuple[Path, bytes | str]]) -> None:
    """Write several files rendered beforehand: every folder is made before the first file is
    written, so a folder that cannot be created leaves nothing half-written."""
    for path, _ in files:
        ensure_directory(path.parent)
    for path, data in files:
        content = data.encode("utf-8") if isinstance(data, str) else data
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise OutputPathInvalid(f"无法写入文件 {path}：{_reason(exc)}") from None


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def fsync_dir(directory: Path) -> None:
    """Make a rename inside ``directory`` durable (POSIX: the directory entry is data too)."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
