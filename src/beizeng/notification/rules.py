"""What a notification can be about (issue 13 point 5), with the Chinese name the inbox shows."""

from __future__ import annotations

KINDS: dict[str, str] = {
    "demand_assigned": "新需求指派",
    "deadline_tomorrow": "受理时限明日到期",
    "ledger_missing": "台账未报送",
    "notice_received": "收到通报",
    "rectification_due": "整改到期",
    "approval_waiting": "待审批",
    "approval_done": "审批结果",
}

TITLE_MAX = 200
LINK_MAX = 300


def safe_link(link: str) -> str:
    """Only a local path: a notification must never send a user to another site."""
    return link if link.startswith("/") and not link.startswith("//") else ""
