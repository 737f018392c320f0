"""The identity of a home: a random ``$BEIZENG_HOME/home-id`` file, created on first use.

Why a file and not a row in the database: a home is the folder *and* its database, and with
PostgreSQL the two live apart; the folder is the part every home has (SQLite or PostgreSQL),
the file needs no migration, it is created atomically (``O_EXCL``, so two processes agree on
one identity) and it travels in the backup like the secret key. A restore therefore keeps the
identity: the restored home *is* the backed-up home, moved, and the backups taken before still
verify against it. A home with no ``home-id`` has never been backed up (``backup create`` makes
it); ``backup verify`` compares identities only when the configured home has one.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

from beizeng.backup import rules
from beizeng.backup.errors import HomeNotReady


def read_home_id(home: Path) -> str | None:
    """The identity of ``home``, or ``None`` when it has none yet."""
    path = home / rules.HOME_ID_FILE
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise HomeNotReady(f"无法读取数据目录标识 {path}：{exc}。") from None
    if not rules.is_home_id(text):
        raise HomeNotReady(f"数据目录标识 {path} 已损坏：应为 32 位十六进制数字。")
    return text


def ensure_home_id(home: Path) -> str:
    """The identity of ``home``, creating a random one if it has none.

    Written to a temporary file and hard-linked into place, so that no reader ever sees a
    half-written identity and two processes racing agree on the one that was linked first.
    """
    found = read_home_id(home)
    if found is not None:
        return found
    home.mkdir(parents=True, exist_ok=True)
    path = home / rules.HOME_ID_FILE
    temp = home / f".{rules.HOME_ID_FILE}.{uuid.uuid4().hex[:8]}.partial"
    try:
        with temp.open("x", encoding="ascii") as fh:
            fh.write(uuid.uuid4().hex + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileExistsError):  # another process was first: its id wins
            os.link(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    again = read_home_id(home)
    assert again is not None
    return again
