"""Errors of rediscount."""

from __future__ import annotations

from beizeng.errors import NotPermitted


class SameUser(NotPermitted):
    """Maker-checker: the person who entered bills cannot process them."""
