"""Kept only so ``ledger/service.py`` keeps importing ``import_stats`` while another change owns
that file: institution statistics are their own slice now (``beizeng.stats``). Delete this module
once that import reads ``from beizeng.stats.service import import_stats``."""

from __future__ import annotations

from beizeng.stats.service import import_stats

__all__ = ["import_stats"]
