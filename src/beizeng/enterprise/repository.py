"""Every SQL statement of enterprises (scoped: an enterprise user sees only its own)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.models.account import Enterprise


class EnterpriseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get_by_uscc(self, uscc: str) -> Enterprise | None:
        return self.session.scalar(select(Enterprise).where(Enterprise.uscc == uscc))

    def get(self, enterprise_id: int) -> Enterprise | None:
        return self.session.get(Enterprise, enterprise_id)

    def visible(self, principal: Principal, enterprise_id: int) -> Enterprise | None:
        """An enterprise as the principal may see it (allow-list): its own, any for pboc (a
        county sub-branch: of its county) and gov, none for any other role.

        Banks see an enterprise only through a demand they handle (demand repository).
        """
        stmt = select(Enterprise).where(Enterprise.id == enterprise_id)
        match principal.role:
            case "enterprise" if principal.enterprise_id is not None:
                stmt = stmt.where(Enterprise.id == principal.enterprise_id)
            case "pboc" if principal.county_code is not None:
                stmt = stmt.where(Enterprise.county_code == principal.county_code)
            case "pboc" | "gov":
                pass
            case _:
                return None
        return self.session.scalar(stmt)

    def add(self, enterprise: Enterprise) -> None:
        self.session.add(enterprise)
