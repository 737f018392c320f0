"""Errors of access that the HTTP plumbing raises before any feature runs."""

from __future__ import annotations

from beizeng.errors import BeizengError


class NotSignedIn(BeizengError):
    status = 401

    def __init__(self) -> None:
        super().__init__("请先登录。")
