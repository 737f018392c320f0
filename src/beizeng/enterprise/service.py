"""Use cases of enterprises: register, keep the profile and its size class, the no-loan flag."""

from __future__ import annotations

from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.account import service as accounts
from beizeng.account.errors import EnterpriseAlreadyRegistered
from beizeng.enterprise import rules
from beizeng.enterprise.errors import EnterpriseNotFound, ProfileInvalid
from beizeng.enterprise.repository import EnterpriseRepository
from beizeng.enterprise.schemas import EnterpriseProfile, EnterpriseRegister
from beizeng.errors import BeizengError
from beizeng.ledger.scan import LedgerScan
from beizeng.models.account import Enterprise, User
from beizeng.reference import industries, sizing
from beizeng.reference.identifiers import validate_uscc
from beizeng.reference.regions import get_region, is_luliang_county


def _county(code: str | None) -> str | None:
    if code in (None, ""):
        return None
    if not is_luliang_county(code):
        raise ProfileInvalid(f"所在县区「{code}」不是吕梁市所辖县区代码（GB/T 2260）。")
    return code


def _industry(code: str | None) -> str | None:
    if code in (None, ""):
        return None
    try:
        return industries.normalise_industry(code)
    except BeizengError as exc:  # the reference names the rule; keep its message
        raise ProfileInvalid(exc.message) from exc


def register_enterprise(session: Session, *, data: EnterpriseRegister) -> User:
    """Register an enterprise and its first user; the USCC is validated (GB 32100-2015)."""
    uscc = validate_uscc(data.uscc)
    if data.kind not in rules.ENTITY_KINDS:
        raise ProfileInvalid(f"主体类型「{data.kind}」无效，应为企业或个体工商户。")
    repo = EnterpriseRepository(session)
    if repo.get_by_uscc(uscc):
        raise EnterpriseAlreadyRegistered(uscc)
    enterprise = Enterprise(
        uscc=uscc,
        name=data.name.strip(),
        legal_person=data.legal_person.strip(),
        kind=data.kind,
        county_code=_county(data.county_code),
        industry_code=_industry(data.industry_code),
        contact_phone=data.contact_phone,
    )
    repo.add(enterprise)
    session.flush()
    return accounts.create_user(
        session,
        username=data.username,
        password=data.password,
        role="enterprise",
        display_name=enterprise.name,
        enterprise_id=enterprise.id,
    )


def _apply_size(enterprise: Enterprise) -> None:
    """Size class from the reference sizing, with the rule that decided it (工信部联企业〔2011〕300号)."""
    if not rules.needs_size(enterprise.kind) or not enterprise.industry_code:
        enterprise.size, enterprise.size_rule = None, None
        return
    if (
        enterprise.employees is None
        and enterprise.revenue_wan is None
        and enterprise.assets_wan is None
    ):
        enterprise.size, enterprise.size_rule = None, None
        return
    result = sizing.classify_enterprise(
        enterprise.industry_code,
        employees=enterprise.employees,
        revenue_wan=enterprise.revenue_wan,
        assets_wan=enterprise.assets_wan,
    )
    enterprise.size = result.size
    enterprise.size_rule = result.rule


def update_profile(
    session: Session, *, principal: Principal, profile: EnterpriseProfile
) -> Enterprise:
    """Change the profile of the principal's own enterprise and size it again."""
    enterprise = own_enterprise(session, principal=principal)
    enterprise.industry_code = _industry(profile.industry_code) or enterprise.industry_code
    enterprise.county_code = _county(profile.county_code) or enterprise.county_code
    enterprise.employees = profile.employees
    enterprise.revenue_wan = profile.revenue_wan
    enterprise.assets_wan = profile.assets_wan
    if profile.contact_phone is not None:
        enterprise.contact_phone = profile.contact_phone
    _apply_size(enterprise)
    session.flush()
    return enterprise


def enterprise_by_id(session: Session, enterprise_id: int) -> Enterprise | None:
    """The enterprise with the row id ``enterprise_id``, or None (no access check: for a use
    case that already holds a record pointing at it, such as a demand)."""
    return EnterpriseRepository(session).get(enterprise_id)


def own_enterprise(session: Session, *, principal: Principal) -> Enterprise:
    if principal.enterprise_id is None:
        raise EnterpriseNotFound()
    enterprise = EnterpriseRepository(session).visible(principal, principal.enterprise_id)
    if enterprise is None:
        raise EnterpriseNotFound()
    return enterprise


def describe(enterprise: Enterprise) -> dict[str, str]:
    """Chinese labels of the profile's codes, for pages."""
    return {
        "kind": rules.ENTITY_KINDS.get(enterprise.kind, enterprise.kind),
        "county": get_region(enterprise.county_code).name if enterprise.county_code else "—",
        "industry": industries.describe_industry(enterprise.industry_code)
        if enterprise.industry_code
        else "—",
        "size": rules.entity_label(enterprise.kind, enterprise.size),
    }


def no_loan_flag(session: Session, *, uscc: str) -> bool | None:
    """True when no current ledger of the latest period shows a loan balance for ``uscc``.

    None when it cannot be known: no ledger has been accepted yet. C-3.4.2 applies the
    five-working-day rule to no-loan (无贷户) small firms; the demand workflow treats "unknown" as
    covered, so a missing ledger never shortens protection.
    """
    scan = LedgerScan(session)
    periods = scan.periods()
    if not periods:
        return None
    loans = scan.loans(periods=[max(periods)])
    count = loans.filter((loans.borrower_id == uscc) & (loans.balance > 0)).count().execute()
    return int(count) == 0
