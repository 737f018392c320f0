"""Uploads streamed to disk with a byte cap (issue 13 point 1: never read whole into memory)."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beizeng.errors import BeizengError
from beizeng.submission import spool
from beizeng.submission.errors import UploadTooLarge

BOUNDARY = "----beizeng"


def _body(content: bytes, *, name: str = "台账.csv", period: str = "2022-05") -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="period"\r\n\r\n{period}\r\n'.encode(),
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n",
        f"--{BOUNDARY}--\r\n".encode(),
    ]
    return b"".join(parts)


async def _chunks(body: bytes, size: int, seen: list[int]) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        seen.append(start)
        yield body[start : start + size]


def _headers(body: bytes, length: int | None = None) -> dict[str, str]:
    return {
        "content-type": f"multipart/form-data; boundary={BOUNDARY}",
        "content-length": str(len(body) if length is None else length),
    }


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=5000), st.integers(1, 700))
def test_the_file_arrives_whole_in_any_chunking(content: bytes, size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        body = _body(content)
        seen: list[int] = []
        done = asyncio.run(
            spool.spool(
                _headers(body), _chunks(body, size, seen), scratch=Path(folder), max_bytes=10_000
            )
        )
        assert done.path is not None and done.path.name == "台账.csv"
        assert done.path.read_bytes() == content and done.fields == {"period": "2022-05"}
        done.cleanup()
        assert not done.folder.exists()


def test_a_declared_length_over_the_cap_is_refused_before_any_chunk(tmp_path: Path) -> None:
    body = _body(b"x" * 10)
    seen: list[int] = []
    with pytest.raises(UploadTooLarge):
        asyncio.run(
            spool.spool(
                _headers(body, length=10**12),
                _chunks(body, 4, seen),
                scratch=tmp_path,
                max_bytes=100,
            )
        )
    assert seen == [] and list(tmp_path.iterdir()) == []


def test_the_cap_holds_when_the_file_is_larger_than_the_cap(tmp_path: Path) -> None:
    body = _body(b"x" * 5000)
    seen: list[int] = []
    with pytest.raises(UploadTooLarge):
        asyncio.run(
            spool.spool(_headers(body), _chunks(body, 256, seen), scratch=tmp_path, max_bytes=1000)
        )
    assert list(tmp_path.iterdir()) == []
    assert len(seen) < len(body) // 256 + 1  # stopped reading once over the cap


@pytest.mark.parametrize(
    ("headers", "words"),
    [
        ({"content-type": "multipart/form-data; boundary=x"}, "Content-Length"),
        ({"content-type": "application/json", "content-length": "2"}, "multipart/form-data"),
        (
            {"content-type": "multipart/form-data; boundary=x", "content-length": "abc"},
            "不是有效的字节数",
        ),
    ],
)
def test_requests_that_are_not_uploads_are_refused_in_chinese(
    tmp_path: Path, headers: dict[str, str], words: str
) -> None:
    with pytest.raises(BeizengError) as caught:
        asyncio.run(spool.spool(headers, _chunks(b"{}", 2, []), scratch=tmp_path, max_bytes=100))
    assert words in caught.value.message and caught.value.status in (411, 422)


def test_a_body_longer_than_declared_or_without_a_file_is_refused(tmp_path: Path) -> None:
    body = _body(b"abc")
    with pytest.raises(BeizengError, match="比声明的 Content-Length 长"):
        asyncio.run(
            spool.spool(
                _headers(body, length=20), _chunks(body, 8, []), scratch=tmp_path, max_bytes=100
            )
        )
    only_field = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="period"\r\n\r\n2022-05\r\n'
        f"--{BOUNDARY}--\r\n"
    ).encode()
    with pytest.raises(BeizengError, match="没有收到上传文件"):
        asyncio.run(
            spool.spool(
                _headers(only_field), _chunks(only_field, 8, []), scratch=tmp_path, max_bytes=100
            )
        )
    with pytest.raises(BeizengError, match="文件名无效"):
        body = _body(b"abc", name="../../etc/passwd.")
        asyncio.run(
            spool.spool(_headers(body), _chunks(body, 8, []), scratch=tmp_path, max_bytes=100)
        )
    assert list(tmp_path.iterdir()) == []
