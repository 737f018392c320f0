"""ORM tables, one module per aggregate; importing this package registers them all.

Alembic's env imports ``Base.metadata`` from here, so a new model module must be listed below.
"""

from beizeng.models import (
    account,
    audit,
    dashboard,
    delivery,
    demand,
    event,
    fiscal,
    holiday,
    institution,
    ledger,
    library,
    monitor,
    notification,
    outreach,
    product,
    tools,
)
from beizeng.models.base import Base

__all__ = [
    "Base",
    "account",
    "audit",
    "dashboard",
    "delivery",
    "demand",
    "event",
    "fiscal",
    "holiday",
    "institution",
    "ledger",
    "library",
    "monitor",
    "notification",
    "outreach",
    "product",
    "tools",
]
