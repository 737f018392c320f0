"""Who reads which rows of the policy tools: the one allow-list every tool repository applies.

DESIGN ("who uses it") and issue 12 point 3: pboc and gov follow every bank's batches, bills,
claims and statement lines; a bank reads only its own institution's; any other role (or a bank
user without an institution) reads nothing. The filter is part of each query, never applied to
rows after they were read (CONVENTIONS rule 6; Polar's ``get_readable_statement``).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, true
from sqlalchemy.orm import InstrumentedAttribute

from beizeng.access.principal import SUPERVISOR_ROLES, Principal


def readable_institution(
    column: InstrumentedAttribute[str], principal: Principal
) -> ColumnElement[bool]:
    """The condition on a row's ``institution_code`` column under which ``principal`` reads it."""
    if principal.role in SUPERVISOR_ROLES:
        return true()
    if principal.is_bank and principal.institution_code:
        return column == principal.institution_code
    return false()


def readable_agency(
    column: InstrumentedAttribute[str], principal: Principal
) -> ColumnElement[bool]:
    """The condition on a guarantee agency's ``code`` under which ``principal`` reads its book:
    pboc and gov every agency (the leverage is theirs to watch, C-4.2.2), a guarantor its own
    (the agency registered under its institution code), nobody else."""
    if principal.role in SUPERVISOR_ROLES:
        return true()
    if principal.role == "guarantor" and principal.institution_code:
        return column == principal.institution_code
    return false()
