"""Query and path parameters shared by pages and endpoints, bounded before any conversion
(hardening, finding 6).

An unbounded parameter turned odd input into a 500: ``?page=99999999999999999999`` overflowed
the database's integer, ``?at=0001-01-01T00:00:00+14:00`` overflowed Python's datetime when
converted to UTC, ``?at=9999-12-31T23:59:59Z`` the database's timestamp. Each type here refuses
such a value as a 422 with a Chinese message before a service sees it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator

from beizeng.kit.clock import CHINA
from beizeng.kit.text import Line, OptionalLine

FIRST_YEAR, LAST_YEAR = 2000, 2100
"""The years an as-of time may name: the platform's records start in the 2020s."""

MAX_PAGE = 100_000


def bounded_instant(value: datetime) -> datetime:
    """``value`` as an aware UTC datetime, if its year is within 2000–2100.

    The year is checked on the value as written, before any conversion, so no offset can push
    it out of range. A value without an offset (the pages' ``datetime-local`` field) is read
    as Beijing time, the time people in Lüliang write.
    """
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"年份应在 {FIRST_YEAR}–{LAST_YEAR} 之间")
    if value.tzinfo is None:
        value = value.replace(tzinfo=CHINA)
    return value.astimezone(UTC)


Instant = Annotated[datetime, AfterValidator(bounded_instant)]

AsOf = Annotated[
    Instant | None,
    Query(
        description=(
            "查询时刻（ISO 8601，如 2022-06-06T10:00:00+08:00；不带时区按北京时间），"
            f"{FIRST_YEAR}–{LAST_YEAR} 年"
        )
    ),
]
"""``?at=``: the moment whose valid version is wanted; absent means the newest."""

Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description="页码")]

Filter = Annotated[OptionalLine | None, Query(max_length=32, description="筛选条件")]
"""A short query filter (a status, a kind, an institution code); empty (a form's "all") is
no filter."""

Code = Annotated[Line, Path(max_length=32, description="代码")]
"""A code in a path (an institution's code, a list's kind)."""
