"""Timestamps in API responses, always with their offset.

SQLite hands stored timestamps back without a time zone (they are UTC: ``kit.clock.as_utc``);
serialised as they come, ``2022-06-06T02:00:00`` is not an RFC 3339 ``date-time`` (the OpenAPI's
format) and a bank's system would read it in its own zone. :data:`UtcStamp` makes every
response timestamp aware UTC (``…+00:00``) on either database (found by schemathesis,
hardening issue 12 point 6).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator

from beizeng.kit.clock import as_utc

UtcStamp = Annotated[datetime, AfterValidator(as_utc)]
