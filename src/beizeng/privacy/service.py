"""Use cases of personal data: read a whole value (and log it), list the reads for pboc.

JR/T 0171-2020 个人金融信息保护技术规范, 7.1.3: access to personal financial information is
limited to the need and every access is recorded (who, when, whose, which field, why). Each
feature decides who needs the whole value of its records (``demand.reveal``,
``outreach.reveal``) and calls :func:`reveal`, the one place that writes the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.models.account import PersonalDataRead
from beizeng.privacy import rules
from beizeng.privacy.repository import PersonalDataReadRepository


def reveal(
    session: Session,
    *,
    principal: Principal,
    subject: str,
    field: str,
    value: str,
    purpose: str,
    now: datetime,
) -> str:
    """Record that ``principal`` read the whole ``field`` of ``subject`` for ``purpose``; return
    ``value``. The caller has already decided that the principal may (its own action); the value
    itself is never stored. ``PurposeRequired`` without a purpose."""
    if field not in rules.FIELDS:
        raise KeyError(f"unknown personal field {field!r}")
    read = PersonalDataRead(
        at=now,
        actor=principal.username,
        actor_role=principal.role,
        subject=subject[:120],
        field=field,
        purpose=rules.check_purpose(purpose),
    )
    PersonalDataReadRepository(session).add(read)
    session.flush()
    return value


@dataclass(frozen=True)
class ReadsPage:
    rows: list[PersonalDataRead]
    total: int
    page: int
    pages: int


def recent_reads(
    session: Session, *, principal: Principal, page: int = 1, per_page: int = 100
) -> ReadsPage:
    """The latest reads of whole values, newest first (pboc audits them)."""
    authorize(principal, "privacy.audit")
    page = max(page, 1)
    repo = PersonalDataReadRepository(session)
    total = repo.count()
    rows = list(repo.recent(offset=(page - 1) * per_page, limit=per_page))
    return ReadsPage(rows, total, page, max((total + per_page - 1) // per_page, 1))


def all_reads(session: Session, *, principal: Principal) -> list[PersonalDataRead]:
    """Every read of a whole value, newest first: the pboc page sorts, filters and pages them
    itself (issue 14 point 4), so the audit can find one reader's or one subject's reads."""
    authorize(principal, "privacy.audit")
    return list(PersonalDataReadRepository(session).recent(offset=0, limit=None))
