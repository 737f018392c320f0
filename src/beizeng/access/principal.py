"""The principal: who acts, in which role, for which institution, county, department or
enterprise, with which scopes and whether a second factor was shown.

It sits below every feature (CONVENTIONS rule 6): the HTTP plumbing resolves it from a session or
an API token, every use case asks the policy (``access.policy``) with it, and the repositories turn
it into query filters (``readable``). DESIGN ("who uses it"): every user sees only what their role,
institution and level allow.
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
"""Roles that follow every demand (of their area) and may assign one to a bank."""

DEPARTMENTS: tuple[str, ...] = (
    "市场监管局",
    "金融办",
    "财政局",
    "中小企业局",
    "科技局",
    "税务局",
    "人社局",
    "公安局",
    "检察院",
    "法院",
    "审计局",
    "其他",
)
"""The departments a gov user belongs to (C-3.1.2 and the task forces of later clauses: data
sources, subsidies, claims recovery with police and courts)."""

TOKEN_SCOPES: dict[str, str] = {
    "demands:read": "读取本机构可见的融资需求",
    "demands:write": "受理、回复、放款登记融资需求",
    "products:read": "读取本机构产品",
    "products:write": "发布、修改本机构产品与四项清单",
    "ledgers:read": "读取本机构的台账与统计报送记录",
    "ledgers:write": "报送本机构的贷款台账与统计数据",
    "tools:read": "读取本机构的政策工具台账（再贷款、再贴现、担保、贴息奖补）",
    "tools:write": "申请再贷款、再贴现与贴息奖补，登记担保业务，确认支持工具对账单",
    "notices:read": "读取本机构收到的监测通报",
    "notices:write": "签收通报、报送整改措施",
}
"""Scopes an API token may carry; a token never grants more than its owner has."""

_REPORTING = frozenset({"ledgers:read", "ledgers:write", "notices:read", "notices:write"})

ROLE_SCOPES: dict[str, frozenset[str]] = {
    "pboc": frozenset({"demands:read", "products:read"}),
    "gov": frozenset({"demands:read", "products:read"}),
    "bank": frozenset(TOKEN_SCOPES),
    "insurer": frozenset({"products:read", "products:write"}) | _REPORTING,
    "guarantor": frozenset({"products:read", "products:write", "tools:read", "tools:write"})
    | frozenset({"notices:read", "notices:write"}),
    "enterprise": frozenset({"demands:read", "demands:write", "products:read"}),
}
"""The scopes a token of each role may carry: what the role itself may do through the API."""


@dataclass(frozen=True)
class Principal:
    """Who is acting: the user, their role and what they belong to (and a token's scopes).

    ``scopes`` is None for a browser session (the role's whole reach) and the token's scopes for
    an API token. ``second_factor`` is True when the session was opened with a TOTP code.
    """

    user_id: int
    username: str
    display_name: str
    role: str
    institution_id: int | None = None
    institution_code: str | None = None
    institution_name: str | None = None
    county_code: str | None = None
    enterprise_id: int | None = None
    department: str | None = None
    scopes: frozenset[str] | None = field(default=None)
    second_factor: bool = False

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def is_supervisor(self) -> bool:
        return self.role in SUPERVISOR_ROLES

    @property
    def is_bank(self) -> bool:
        return self.role == "bank"

    @property
    def is_provider(self) -> bool:
        return self.role in INSTITUTION_ROLES

    @property
    def is_county_pboc(self) -> bool:
        """A county sub-branch's user: sees and acts on its county only (C-3.1.2)."""
        return self.role == "pboc" and self.county_code is not None

    @property
    def supervised_county(self) -> str | None:
        """The county a supervisor is limited to (a county pboc user's), None: the whole city."""
        return self.county_code if self.is_county_pboc else None

    @property
    def via_token(self) -> bool:
        return self.scopes is not None

    def allows(self, scope: str) -> bool:
        """A browser session has every scope of its role; a token only those it was given."""
        return self.scopes is None or scope in self.scopes
