"""Every SQL statement of the personal-data reads."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.models.account import PersonalDataRead


class PersonalDataReadRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, read: PersonalDataRead) -> None:
        self.session.add(read)

    def recent(self, *, offset: int, limit: int | None) -> Sequence[PersonalDataRead]:
        stmt = (
            select(PersonalDataRead)
            .order_by(PersonalDataRead.at.desc(), PersonalDataRead.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return self.session.scalars(stmt).all()

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(PersonalDataRead)) or 0
