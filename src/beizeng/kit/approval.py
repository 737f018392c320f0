"""Maker-checker (双人复核): who is acting, and the one rule every approval applies.

A relending batch, a rediscount bill and a subsidy claim are entered by one person and decided by
another (the notices on each tool require a second person's review before money moves). The rule
and its refusal live here once, so every approval refuses the same way and a new tool cannot
forget or re-word it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from beizeng.errors import NotPermitted

NOBODY = "system"
"""The actor of a unit of work that named nobody (a script without ``--as``)."""


class MakerIsChecker(NotPermitted):
    """The person deciding is the person who entered what is decided."""


def current_actor(session: Session) -> str:
    """Who acts in this unit of work.

    The boundary names them (``session_scope(actor)`` from ``--as``/``BEIZENG_ACTOR``, the web
    dependency from the signed-in user), so services read it here instead of taking a parameter
    every command would have to thread through.
    """
    return str(session.info.get("actor", NOBODY))


def check_two_people(maker: str, checker: str, *, what: str, act: str = "审批") -> None:
    """Refuse when ``checker`` entered ``what`` themselves.

    ``what`` names the thing in the message (「批次 3」, 「票据 B1、B2」) and ``act`` the decision
    (审批, 审核, 办理), so the clerk reads exactly what they may not do alone.
    """
    if maker == checker:
        raise MakerIsChecker(f"{what} 由 {maker} 录入，须由另一人{act}（双人复核）。")
