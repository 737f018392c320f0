"""Stream a multipart upload to a file under ``$BEIZENG_HOME/tmp``, never into memory.

A ledger can be hundreds of megabytes (300,000 rows and more): the request is refused from its
``Content-Length`` alone when it is over ``BEIZENG_MAX_UPLOAD_BYTES``, and the body is streamed
through ``python_multipart`` chunk by chunk into a file of a fresh folder, with a byte cap that
holds even when the header lied. Small fields (period, reason, CSRF token) are kept in memory up
to a few kilobytes each. Nothing here knows the web framework: the pages and the API hand over
the headers and the body's chunks.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from python_multipart.multipart import MultipartParseError, MultipartParser, parse_options_header

from beizeng.errors import BeizengError, InvalidInput
from beizeng.kit.text import upload_name
from beizeng.submission.errors import UploadTooLarge

FIELD_MAX = 4096
"""The largest text field of an upload form (a reason is at most 500 characters)."""
OVERHEAD = 64 * 1024
"""What the multipart framing and the small fields may add to the file's own bytes."""


class LengthRequired(BeizengError):
    status = 411

    def __init__(self) -> None:
        super().__init__("上传请求缺少 Content-Length（内容长度）：请以普通表单方式上传文件。")


class UploadMalformed(InvalidInput):
    """Not a multipart form, a broken one, or one without the file."""


@dataclass
class Spooled:
    """An upload on disk: the file (named as uploaded) and the form's text fields."""

    folder: Path
    fields: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    size: int = 0

    def cleanup(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def check_length(headers: Mapping[str, str], *, max_bytes: int) -> int:
    """The declared length of the body, refused (413) when over the cap before any byte is read."""
    declared = headers.get("content-length")
    if declared is None:
        raise LengthRequired()
    if not declared.isdigit() or len(declared) > 15:
        raise UploadMalformed(f"Content-Length「{declared[:20]}」不是有效的字节数。")
    length = int(declared)
    if length > max_bytes + OVERHEAD:
        raise UploadTooLarge(max_bytes)
    return length


class _Receiver:
    """The parser's callbacks: the file part to disk, the other parts to small buffers."""

    def __init__(self, spooled: Spooled, *, file_field: str, max_bytes: int) -> None:
        self.spooled = spooled
        self.file_field = file_field
        self.max_bytes = max_bytes
        self.header_name = b""
        self.header_value = b""
        self.disposition = b""
        self.name = ""
        self.buffer = bytearray()
        self.out: BinaryIO | None = None
        self.error: BeizengError | None = None

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": self.header_field,
            "on_header_value": self.header_value_,
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
        }

    def part_begin(self) -> None:
        self.disposition, self.name, self.buffer = b"", "", bytearray()

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def header_value_(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def header_end(self) -> None:
        if self.header_name.lower() == b"content-disposition":
            self.disposition = self.header_value
        self.header_name, self.header_value = b"", b""

    def headers_finished(self) -> None:
        _kind, options = parse_options_header(self.disposition)
        self.name = options.get(b"name", b"").decode("utf-8", "replace")
        if self.name == self.file_field and options.get(b"filename"):
            if self.spooled.path is not None:
                raise UploadMalformed("一次只能上传一个文件。")
            raw = options[b"filename"].decode("utf-8", "replace")
            safe = upload_name(raw.replace("\\", "/").rsplit("/", 1)[-1])
            self.spooled.path = self.spooled.folder / safe
            self.out = self.spooled.path.open("wb")

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self.out is not None:
            self.spooled.size += end - start
            if self.spooled.size > self.max_bytes:
                raise UploadTooLarge(self.max_bytes)
            self.out.write(data[start:end])
            return
        if len(self.buffer) + end - start > FIELD_MAX:
            raise UploadMalformed(f"表单字段「{self.name[:40]}」过长（上限 {FIELD_MAX} 字节）。")
        self.buffer += data[start:end]

    def part_end(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None
            return
        if len(self.spooled.fields) >= 20:
            raise UploadMalformed("表单字段过多。")
        self.spooled.fields[self.name] = self.buffer.decode("utf-8", "replace")

    def close(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None


async def spool(
    headers: Mapping[str, str],
    chunks: AsyncIterator[bytes],
    *,
    scratch: Path,
    max_bytes: int,
    file_field: str = "file",
) -> Spooled:
    """Stream the multipart body in ``chunks`` to a new folder under ``scratch``.

    Refused before reading: no or a too large ``Content-Length`` (411/413), not
    ``multipart/form-data`` (422). While reading: more file bytes than ``max_bytes`` (413), a
    body longer than it declared, an unusable file name, a broken form, no file (422). On any
    refusal the folder is removed.
    """
    length = check_length(headers, max_bytes=max_bytes)
    kind, options = parse_options_header(headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadMalformed(
            "上传须为 multipart/form-data 表单：文件放在字段 file 中，报送期放在字段 period 中。"
        )
    scratch.mkdir(parents=True, exist_ok=True)
    spooled = Spooled(Path(tempfile.mkdtemp(prefix="upload-", dir=scratch)))
    receiver = _Receiver(spooled, file_field=file_field, max_bytes=max_bytes)
    parser = MultipartParser(boundary, receiver.callbacks())  # type: ignore[arg-type]
    received = 0
    try:
        async for chunk in chunks:
            received += len(chunk)
            if received > length:
                raise UploadMalformed("上传的内容比声明的 Content-Length 长，已拒绝。")
            parser.write(chunk)
        parser.finalize()
        receiver.close()
        if spooled.path is None:
            raise UploadMalformed("没有收到上传文件：请在字段 file 中选择要报送的文件。")
    except MultipartParseError as exc:
        receiver.close()
        spooled.cleanup()
        raise UploadMalformed("上传的表单不完整或格式错误，请重新上传。") from exc
    except BaseException:
        receiver.close()
        spooled.cleanup()
        raise
    return spooled


async def nothing(_size: int) -> bytes:
    """The reader of a form without a file."""
    return b""


async def spool_parsed(
    name: str | None,
    read: Callable[[int], Awaitable[bytes]],
    fields: Mapping[str, str],
    *,
    scratch: Path,
    max_bytes: int,
) -> Spooled:
    """The same for a form the framework already parsed (a page posted without script, whose
    CSRF token sits in the form): copy its file in chunks, with the same cap."""
    if name is None:
        raise UploadMalformed("没有收到上传文件：请在字段 file 中选择要报送的文件。")
    safe = upload_name(name.replace("\\", "/").rsplit("/", 1)[-1])
    scratch.mkdir(parents=True, exist_ok=True)
    spooled = Spooled(Path(tempfile.mkdtemp(prefix="upload-", dir=scratch)), dict(fields))
    spooled.path = spooled.folder / safe
    try:
        with spooled.path.open("wb") as out:
            while chunk := await read(1 << 20):
                spooled.size += len(chunk)
                if spooled.size > max_bytes:
                    raise UploadTooLarge(max_bytes)
                out.write(chunk)
    except BaseException:
        spooled.cleanup()
        raise
    return spooled
