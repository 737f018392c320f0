"""Refusals of the access policy, raised before or inside any use case."""

from __future__ import annotations

from beizeng.errors import BeizengError, NotPermitted


class NotSignedIn(BeizengError):
    status = 401

    def __init__(self) -> None:
        super().__init__("请先登录。")


class ActionRefused(NotPermitted):
    """The principal's role, level or token scope does not reach the action (403)."""


class SecondFactorRequired(NotPermitted):
    """An approval of money by a session that has not shown a TOTP code (403)."""
