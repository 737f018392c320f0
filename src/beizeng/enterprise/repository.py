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
        """An enterprise as the principal may see it: its own, or any for pboc/gov.

        Banks see an enterprise only through a demand they handle (demand repository).
        """
        if principal.role == "enterprise" and principal.enterprise_id != enterprise_id:
            return None
        if principal.role not in {"enterprise", "pboc", "gov"}:
            return None
        return self.get(enterprise_id)

    def add(self, enterprise: Enterprise) -> None:
        self.session.add(enterprise)
