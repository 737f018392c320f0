"""Use cases of products and the four lists; every change writes a new version (C-3.4.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.enterprise.rules import ENTITY_KINDS, SIZES
from beizeng.errors import InvalidInput, NotFound
from beizeng.institution.service import find_institution
from beizeng.kit.clock import as_utc
from beizeng.models.institution import Institution
from beizeng.models.product import FourList, Product, ProductVersion
from beizeng.product import rules
from beizeng.product.errors import ProductInvalid, ProductNotFound
from beizeng.product.repository import FourListRepository, ProductRepository
from beizeng.product.schemas import FourListWrite, ProductTerms
from beizeng.reference.regions import is_luliang_county

SECTIONS = frozenset("ABCDEFGHIJKLMNOPQRST")
"""GB/T 4754-2017 sections (门类) A–T, the granularity of product industry conditions."""

_TERM_FIELDS = tuple(ProductTerms.model_fields)


def _validate(terms: ProductTerms) -> None:
    problems = rules.terms_problems(
        rules.TermsCheck(
            terms.min_amount,
            terms.max_amount,
            terms.min_term_months,
            terms.max_term_months,
            terms.rate_min,
            terms.rate_max,
            terms.reply_days,
        )
    )
    checks: list[tuple[list[str], str]] = [
        (rules.unknown_codes([terms.kind], rules.PRODUCT_KINDS), "产品类型"),
        (rules.unknown_codes(terms.entity_kinds, ENTITY_KINDS), "适用主体"),
        (rules.unknown_codes(terms.sizes, SIZES), "企业规模"),
        (rules.unknown_codes(terms.industries, SECTIONS), "行业门类"),
        (rules.unknown_codes(terms.guarantee_types, rules.GUARANTEES), "担保方式"),
        ([c for c in terms.counties if not is_luliang_county(c)], "县区代码"),
    ]
    for bad, what in checks:
        if bad:
            problems.append(f"{what}「{'、'.join(bad)}」无效")
    if problems:
        raise ProductInvalid(problems)


def _snapshot(product: Product) -> dict[str, Any]:
    """The versioned terms as JSON-safe values (money and rates as strings)."""
    data: dict[str, Any] = {}
    for name in (*_TERM_FIELDS, "status"):
        value = getattr(product, name)
        data[name] = str(value) if not isinstance(value, str | int | list) else value
    return data


def _write_version(
    session: Session, product: Product, *, principal: Principal, now: datetime
) -> None:
    ProductRepository(session).add(
        ProductVersion(
            product_id=product.id,
            version=product.version,
            valid_from=now,
            actor=principal.username,
            terms=_snapshot(product),
        )
    )
    session.flush()


def publish_product(
    session: Session, *, principal: Principal, terms: ProductTerms, now: datetime
) -> Product:
    """Publish a new product of the principal's institution (version 1)."""
    authorize(principal, "product.publish")
    _validate(terms)
    assert principal.institution_id is not None
    product = Product(
        institution_id=principal.institution_id, status="published", version=1, **terms.model_dump()
    )
    ProductRepository(session).add(product)
    session.flush()
    _write_version(session, product, principal=principal, now=now)
    return product


def _own(session: Session, principal: Principal, product_id: int) -> Product:
    authorize(principal, "product.publish")
    product = ProductRepository(session).get_own(principal, product_id)
    if product is None:
        raise ProductNotFound()
    return product


def update_product(
    session: Session, *, principal: Principal, product_id: int, terms: ProductTerms, now: datetime
) -> Product:
    """Change a product's terms; the old terms stay readable as the previous version."""
    product = _own(session, principal, product_id)
    _validate(terms)
    for key, value in terms.model_dump().items():
        setattr(product, key, value)
    product.version += 1
    _write_version(session, product, principal=principal, now=now)
    return product


def set_product_status(
    session: Session, *, principal: Principal, product_id: int, status: str, now: datetime
) -> Product:
    """Withdraw (下架) or republish a product; the change is a version too."""
    if status not in rules.STATUSES:
        raise InvalidInput(f"产品状态「{status}」无效，应为 published 或 withdrawn。")
    product = _own(session, principal, product_id)
    if product.status != status:
        product.status = status
        product.version += 1
        _write_version(session, product, principal=principal, now=now)
    return product


@dataclass(frozen=True)
class ProductView:
    product: Product
    institution: Institution
    own: bool


def find_product(
    session: Session, *, principal: Principal | None, product_id: int
) -> Product | None:
    """The product with ``product_id`` as ``principal`` may see it (None: anyone's view), or None."""
    return ProductRepository(session).get(principal, product_id)


def get_product(session: Session, *, principal: Principal | None, product_id: int) -> ProductView:
    repo = ProductRepository(session)
    product = repo.get(principal, product_id)
    if product is None:
        raise ProductNotFound()
    institution = repo.institutions([product.institution_id])[product.institution_id]
    own = principal is not None and principal.institution_id == product.institution_id
    return ProductView(product, institution, own)


def product_versions(
    session: Session, *, principal: Principal | None, product_id: int
) -> list[ProductVersion]:
    get_product(session, principal=principal, product_id=product_id)
    return list(ProductRepository(session).versions(product_id))


def product_as_of(
    session: Session, *, principal: Principal | None, product_id: int, at: datetime
) -> ProductVersion:
    """What the product promised at ``at`` (NotFound before it was published)."""
    get_product(session, principal=principal, product_id=product_id)
    version = ProductRepository(session).version_at(product_id, as_utc(at))
    if version is None:
        raise NotFound(f"该产品在 {at:%Y-%m-%d %H:%M} 尚未发布。")
    return version


@dataclass(frozen=True)
class ProductPage:
    items: list[Product]
    total: int
    institutions: dict[int, Institution]


def list_products(
    session: Session,
    *,
    principal: Principal | None,
    institution_code: str | None = None,
    kind: str | None = None,
    page: int = 1,
    per_page: int = 30,
) -> ProductPage:
    repo = ProductRepository(session)
    institution_id = None
    if institution_code:
        institution = find_institution(session, institution_code)
        if institution is None:
            return ProductPage([], 0, {})
        institution_id = institution.id
    per_page = max(1, min(per_page, 100))
    rows, total = repo.page(
        principal,
        institution_id=institution_id,
        kind=kind or None,
        offset=(max(page, 1) - 1) * per_page,
        limit=per_page,
    )
    return ProductPage(list(rows), total, repo.institutions([r.institution_id for r in rows]))


def set_four_list(
    session: Session, *, principal: Principal, kind: str, data: FourListWrite, now: datetime
) -> FourList:
    """Publish a new version of one of the bank's four lists (C-3.4.1: banks publish them)."""
    authorize(principal, "lists.publish")
    if kind not in rules.FOUR_LISTS:
        raise InvalidInput(f"清单类型「{kind}」无效，可选：{'、'.join(rules.FOUR_LISTS)}。")
    if kind == "acceptance_reply" and data.reply_days is None:
        raise InvalidInput("受理回复清单必须写明承诺回复时限（工作日）。")
    assert principal.institution_id is not None
    repo = FourListRepository(session)
    row = FourList(
        institution_id=principal.institution_id,
        kind=kind,
        version=repo.latest_version(principal.institution_id, kind) + 1,
        valid_from=now,
        actor=principal.username,
        body=data.body.strip(),
        reply_days=data.reply_days if kind == "acceptance_reply" else None,
    )
    repo.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class FourListsView:
    institution: Institution
    lists: list[FourList]
    own: bool


def four_lists(
    session: Session,
    *,
    principal: Principal | None,
    institution_code: str,
    at: datetime | None = None,
) -> FourListsView:
    """The institution's lists as visible to the viewer, as valid at ``at`` (default: newest)."""
    institution = find_institution(session, institution_code)
    if institution is None:
        raise NotFound(f"机构「{institution_code}」不存在。")
    rows = FourListRepository(session).current(
        principal, institution.id, at=as_utc(at) if at else None
    )
    own = principal is not None and principal.institution_id == institution.id
    return FourListsView(institution, rows, own)


def four_list_history(
    session: Session, *, principal: Principal | None, institution_code: str, kind: str
) -> list[FourList]:
    institution = find_institution(session, institution_code)
    if institution is None:
        raise NotFound(f"机构「{institution_code}」不存在。")
    return list(FourListRepository(session).history(principal, institution.id, kind))


def publishers(session: Session) -> list[Institution]:
    return list(FourListRepository(session).publishers())
