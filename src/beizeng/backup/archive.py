"""The archive file: one zstd frame (with its content checksum) around one pax tar stream.

Writing goes to a temporary ``.<name>.<random>.partial`` file in the target folder which is
fsynced and renamed into place only at the end, so a failed or interrupted backup leaves no
archive. Reading streams member by member (nothing is extracted by ``tarfile``): every name is
checked against ``rules.member_name_problem`` and only regular files are accepted, so absolute
paths, ``..`` and links are refused before any byte is written anywhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import zstandard

from beizeng.backup import rules
from beizeng.backup.errors import BackupCorrupt, HomeNotReady
from beizeng.kit.files import fsync_dir

CHUNK = 1 << 20
COMPRESSED_CHUNK = 8 * 1024
"""Compressed bytes fed to the decompressor at a time. zstd can expand one byte to 32 KB, so a
small feed keeps a hostile archive from inflating into memory all at once."""
LEVEL = 3


class _Hashing:
    """A read-only file wrapper that hashes and counts what passes through it."""

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self._fh.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data


class ArchiveWriter:
    """Adds members to a temporary archive next to ``out``; ``commit`` moves it into place."""

    def __init__(self, out: Path) -> None:
        self.out = out
        fd, temp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial")
        self.temp = Path(temp)
        self._fh = os.fdopen(fd, "wb")
        compressor = zstandard.ZstdCompressor(level=LEVEL, write_checksum=True)
        self._zstd = compressor.stream_writer(self._fh, closefd=False)
        self._tar = tarfile.open(  # noqa: SIM115 - closed by commit or discard
            fileobj=self._zstd, mode="w|", format=tarfile.PAX_FORMAT
        )
        self._done = False

    @staticmethod
    def _info(name: str, size: int, mode: int, mtime: float) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size = size
        info.mode = mode & 0o777
        info.mtime = int(mtime)
        info.uname = info.gname = ""
        return info

    def add_file(self, name: str, source: Path) -> tuple[int, str]:
        """Stream ``source`` in as ``name``; returns the size and sha256 of what was stored."""
        with source.open("rb") as fh:
            st = os.fstat(fh.fileno())
            hashing = _Hashing(fh)
            try:
                self._tar.addfile(self._info(name, st.st_size, st.st_mode, st.st_mtime), hashing)
            except OSError as exc:
                if "unexpected end of data" in str(exc):
                    raise HomeNotReady(
                        f"文件 {source} 在备份过程中变短了（正在被改写）：备份未完成，请稍后重试。"
                    ) from None
                raise
        return hashing.size, hashing.digest.hexdigest()

    def add_bytes(self, name: str, data: bytes, *, mtime: float, mode: int = 0o644) -> None:
        self._tar.addfile(self._info(name, len(data), mode, mtime), io.BytesIO(data))

    def commit(self) -> None:
        """End the tar and the zstd frame, fsync, and rename into ``out`` (never replacing)."""
        self._tar.close()
        self._zstd.close()
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        if self.out.exists():
            raise FileExistsError(self.out)
        os.replace(self.temp, self.out)
        self._done = True
        fsync_dir(self.out.parent)

    def discard(self) -> None:
        """Forget everything written; the temporary file is removed."""
        if self._done:
            return
        for close in (self._tar.close, self._zstd.close, self._fh.close):
            with contextlib.suppress(Exception):  # already failing; the partial file goes
                close()
        self.temp.unlink(missing_ok=True)


class _FrameReader(io.RawIOBase):
    """The decompressed bytes of exactly one zstd frame.

    ``zstandard``'s stream reader ends quietly when the input stops mid-frame; this reader says
    so instead, checks the frame's content checksum, and refuses bytes after the frame.
    """

    def __init__(self, fh: IO[bytes], name: Path) -> None:
        super().__init__()
        self._fh = fh
        self._name = name
        self._decompressor = zstandard.ZstdDecompressor().decompressobj()
        self._buffer = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, target: memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            if self._decompressor.eof:
                if self._decompressor.unused_data or self._fh.read(1):
                    raise BackupCorrupt(
                        f"备份 {self._name} 的压缩数据之后还有多余的字节：文件已损坏。"
                    )
                return 0
            chunk = self._fh.read(COMPRESSED_CHUNK)
            if not chunk:
                raise BackupCorrupt(
                    f"备份 {self._name} 不完整：压缩数据在中途结束（文件被截断或未写完）。"
                )
            try:
                self._buffer = memoryview(self._decompressor.decompress(chunk))
            except zstandard.ZstdError as exc:
                raise BackupCorrupt(f"备份 {self._name} 无法解压（{exc}）：文件已损坏。") from None
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


_TYPES = {
    tarfile.SYMTYPE: "是符号链接",
    tarfile.LNKTYPE: "是硬链接",
    tarfile.DIRTYPE: "是目录",
    tarfile.FIFOTYPE: "是管道文件",
    tarfile.CHRTYPE: "是设备文件",
    tarfile.BLKTYPE: "是设备文件",
}


class Entry:
    """One member being read; its bytes must be consumed before the next member."""

    def __init__(self, archive: Path, info: tarfile.TarInfo, stream: IO[bytes]) -> None:
        self.archive = archive
        self.name = info.name
        self.size = info.size
        self.mode = info.mode
        self.mtime = info.mtime
        self._stream = stream
        self.read_size = 0
        self._digest = hashlib.sha256()

    def chunks(self) -> Iterator[bytes]:
        """The member's bytes in chunks; ``sha256``/``read_size`` hold what was read."""
        while True:
            try:
                data = self._stream.read(CHUNK)
            except (tarfile.TarError, EOFError, OSError) as exc:
                raise BackupCorrupt(
                    f"备份 {self.archive} 的成员 {self.name} 读不完（{exc}）：文件被截断或已损坏。"
                ) from None
            if not data:
                return
            self._digest.update(data)
            self.read_size += len(data)
            yield data

    def read_all(self, limit: int) -> bytes:
        if self.size > limit:
            raise BackupCorrupt(
                f"备份 {self.archive} 的成员 {self.name} 过大（{self.size} 字节）。"
            )
        return b"".join(self.chunks())

    def consume(self) -> tuple[int, str]:
        for _ in self.chunks():
            pass
        return self.read_size, self.sha256

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()


def read_entries(archive: Path) -> Iterator[Entry]:
    """Every member of ``archive`` in order, each checked for name and type before it is given.

    Damage of any kind (not zstd, truncated, bad checksum, not tar) is a ``BackupCorrupt`` that
    names the archive and, where known, the member.
    """
    try:
        fh = archive.open("rb")
    except OSError as exc:
        raise BackupCorrupt(f"无法读取备份 {archive}：{exc.strerror}。") from None
    frame = _FrameReader(fh, archive)
    buffered = io.BufferedReader(frame, buffer_size=CHUNK)
    try:
        try:
            tar = tarfile.open(fileobj=buffered, mode="r|")  # noqa: SIM115 - closed below
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise BackupCorrupt(f"备份 {archive} 不是可读的 tar 归档（{exc}）。") from None
        while True:
            try:
                info = tar.next()
            except (tarfile.TarError, EOFError, OSError) as exc:
                raise BackupCorrupt(
                    f"备份 {archive} 的 tar 结构已损坏（{exc}）：文件被截断或已损坏。"
                ) from None
            if info is None:
                break
            problem = rules.member_name_problem(info.name)
            if problem is None and info.type not in (tarfile.REGTYPE, tarfile.AREGTYPE):
                problem = _TYPES.get(info.type, "不是普通文件") + "，不允许"
            if problem is not None:
                raise BackupCorrupt(f"备份 {archive} 的成员 {info.name}：{problem}。")
            stream = tar.extractfile(info)
            assert stream is not None  # a regular file always has a stream
            yield Entry(archive, info, stream)
        while buffered.read(CHUNK):  # the end-of-archive blocks, then the end of the frame
            pass
    finally:
        buffered.close()
        fh.close()
