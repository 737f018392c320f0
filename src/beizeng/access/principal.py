"""The principal: who acts, in which role, for which institution or enterprise, with which scopes.

It sits below every feature (CONVENTIONS rule 6): the HTTP plumbing resolves it from a session or
an API token, every service receives it, and the repositories turn it into query filters. DESIGN
("who uses it"): every user sees only what their role and institution allow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES: dict[str, str] = {
    "pboc": "人民银行",
    "gov": "政府部门",
    "bank": "银行",
    "insurer": "保险机构",
    "guarantor": "融资担保机构",
    "enterprise": "企业",
}
"""The six roles of DESIGN.md with their Chinese names."""

INSTITUTION_ROLES = frozenset({"bank", "insurer", "guarantor"})
"""Roles that act for one institution of the registry and publish products."""

SUPERVISOR_ROLES = frozenset({"pboc", "gov"})
"""Roles that follow every demand and may assign one to a bank."""

TOKEN_SCOPES: dict[str, str] = {
    "demands:read": "读取本机构可见的融资需求",
    "demands:write": "受理、回复、放款登记融资需求",
    "products:read": "读取本机构产品",
    "products:write": "发布、修改本机构产品与四项清单",
}
"""Scopes an API token may carry; a token never grants more than its owner has."""


@dataclass(frozen=True)
class Principal:
    """Who is acting: the user, their role and what they belong to (and a token's scopes)."""

    user_id: int
    username: str
    display_name: str
    role: str
    institution_id: int | None = None
    institution_code: str | None = None
    institution_name: str | None = None
    county_code: str | None = None
    enterprise_id: int | None = None
    scopes: frozenset[str] | None = field(default=None)

    @property
    def role_name(self) -> str:
        return ROLES[self.role]

    @property
    def is_supervisor(self) -> bool:
        return self.role in SUPERVISOR_ROLES

    @property
    def is_bank(self) -> bool:
        return self.role == "bank"

    @property
    def is_provider(self) -> bool:
        return self.role in INSTITUTION_ROLES

    def allows(self, scope: str) -> bool:
        """A browser session has every scope of its role; a token only those it was given."""
        return self.scopes is None or scope in self.scopes
