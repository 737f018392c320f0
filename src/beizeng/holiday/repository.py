"""Every SQL statement of the holiday calendar."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng.models.holiday import HolidayYear


class HolidayRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, year: int) -> HolidayYear | None:
        return self.session.get(HolidayYear, year)

    def list(self) -> list[HolidayYear]:
        return list(self.session.scalars(select(HolidayYear).order_by(HolidayYear.year)))

    def stamp(self) -> tuple[int, str]:
        """Changes whenever a year is loaded or replaced: (rows, digest of their digests)."""
        rows = self.session.execute(
            select(HolidayYear.year, HolidayYear.sha256).order_by(HolidayYear.year)
        ).all()
        return len(rows), ",".join(f"{year}:{sha}" for year, sha in rows)

    def add(self, row: HolidayYear) -> None:
        self.session.add(row)
