"""Errors of backup and restore, on the shared bases; every message says which file or member
and which rule, in Chinese, so that an operator can act on it without a traceback."""

from __future__ import annotations

from beizeng.errors import BeizengError, Conflict, InvalidInput, NotFound


class BackupTargetInvalid(InvalidInput):
    """``--out`` cannot be written: missing or read-only folder, an existing file."""


class BackupNotFound(NotFound):
    """The archive to verify or restore does not exist."""


class BackupCorrupt(InvalidInput):
    """The archive is unreadable, truncated, tampered with or breaks a rule of the format."""


class ManifestInvalid(BackupCorrupt):
    """The manifest inside the archive is missing fields or has wrong values."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"备份清单 manifest.json 格式不正确：{problem}")


class BackupFromOtherHome(Conflict):
    """The archive was written from a home whose identity is not the configured home's."""


class HomeNotReady(InvalidInput):
    """The configured home cannot be backed up as it is (no database, damaged ledger files)."""


class BackupToolFailed(BeizengError):
    """``pg_dump`` or ``pg_restore`` is missing or failed (environment, not the user's input)."""

    status = 503


class RestoreTargetNotEmpty(Conflict):
    """The home or the PostgreSQL database to restore into already holds data."""


class RestoreNotPossible(InvalidInput):
    """The archive cannot be restored here (backend missing, schema newer than this program)."""
