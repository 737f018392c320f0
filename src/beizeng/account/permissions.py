"""Checks a use case makes before acting: the role and, for API tokens, the scope.

Repositories decide what a principal can *see*; these checks decide what it may *do*.
"""

from __future__ import annotations

from beizeng.access.principal import ROLES, Principal
from beizeng.account.errors import RoleRequired, ScopeMissing


def require(principal: Principal, *roles: str, scope: str | None = None) -> None:
    """Refuse (403) unless the principal has one of ``roles`` and, if a token, ``scope``."""
    if principal.role not in roles:
        # Named in the fixed order of ROLES: callers pass sets (INSTITUTION_ROLES), whose
        # iteration order changes from one process to the next with string hashing.
        raise RoleRequired("、".join(name for role, name in ROLES.items() if role in roles))
    if scope is not None and not principal.allows(scope):
        raise ScopeMissing(scope)
