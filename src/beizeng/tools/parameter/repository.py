"""Every SQL statement of the parameter book."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng.models.tools import ToolParameter


class ParameterRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self, *, tool: str | None = None) -> Sequence[ToolParameter]:
        stmt = select(ToolParameter).order_by(
            ToolParameter.tool,
            ToolParameter.name,
            ToolParameter.scope,
            ToolParameter.effective_from,
        )
        if tool:
            stmt = stmt.where(ToolParameter.tool == tool)
        return self.session.scalars(stmt).all()

    def add(self, row: ToolParameter) -> None:
        self.session.add(row)
