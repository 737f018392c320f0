"""Holiday years loaded from the State Council's notices (国务院办公厅 节假日安排通知).

One row per year; the dates are kept as ISO strings in JSON lists, exactly as the notice file
gave them. Audited, so the audit log records who loaded or replaced which year.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from beizeng.models.base import Audited, Base, Timestamped


class HolidayYear(Audited, Timestamped, Base):
    """The holidays and adjusted working weekends of one year, with the notice they came from."""

    __tablename__ = "holiday_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(200))
    holidays: Mapped[list[str]] = mapped_column(JSON)
    workdays: Mapped[list[str]] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
    loaded_by: Mapped[str] = mapped_column(String(120))
    loaded_at: Mapped[datetime]
