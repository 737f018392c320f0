"""The JSON bodies of ``/healthz`` and ``/readyz``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

from beizeng.health.rules import Check, is_ready


class HealthRead(BaseModel):
    status: Literal["ok"] = Field(default="ok", description="进程在运行")


class CheckRead(BaseModel):
    name: str = Field(description="检查项：database、migrations、ledger、calendar")
    ok: bool = Field(description="是否通过")
    detail: str = Field(description="检查结果说明")


class ReadinessRead(BaseModel):
    status: Literal["ready", "not_ready"] = Field(description="全部通过为 ready，否则 not_ready")
    checks: list[CheckRead]

    @classmethod
    def of(cls, checks: Sequence[Check]) -> ReadinessRead:
        return cls(
            status="ready" if is_ready(checks) else "not_ready",
            checks=[CheckRead(name=c.name, ok=c.ok, detail=c.detail) for c in checks],
        )
