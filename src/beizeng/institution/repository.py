"""Every SQL statement of the institution registry."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng.models.institution import Institution


class InstitutionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get_by_code(self, code: str) -> Institution | None:
        return self.session.scalar(select(Institution).where(Institution.code == code))

    def get_by_id(self, institution_id: int) -> Institution | None:
        return self.session.get(Institution, institution_id)

    def list(
        self, *, category: str | None = None, legal_scope: str | None = None
    ) -> Sequence[Institution]:
        stmt = select(Institution).order_by(Institution.code)
        if category:
            stmt = stmt.where(Institution.category == category)
        if legal_scope:
            stmt = stmt.where(Institution.legal_scope == legal_scope)
        return self.session.scalars(stmt).all()

    def by_codes(self, codes: Sequence[str]) -> dict[str, Institution]:
        rows = self.session.scalars(select(Institution).where(Institution.code.in_(codes)))
        return {row.code: row for row in rows}

    def add(self, institution: Institution) -> None:
        self.session.add(institution)
