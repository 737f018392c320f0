"""Every SQL statement of products and the four lists, scoped by the viewer.

Every product query starts from :func:`readable` (access-model issue, point 1): anyone, even
signed out, reads published products (C-4.4.2: the catalogue is public); an institution's own
staff also read its withdrawn products; pboc reads all; a role the allow-list does not name reads
nothing. Of the four lists, three are public and the due-diligence exemption list is read by pboc
and the institution's own staff only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.models.base import Statement
from beizeng.models.institution import Institution
from beizeng.models.product import FourList, Product, ProductVersion
from beizeng.product.rules import RESTRICTED_LISTS


def _owns(principal: Principal | None, institution_id: int) -> bool:
    return (
        principal is not None
        and principal.is_provider
        and principal.institution_id == institution_id
    )


def readable(statement: Statement, principal: Principal | None) -> Statement:
    """``statement`` (over Product) limited to the products ``principal`` may read."""
    published = Product.status == "published"
    if principal is None:
        return statement.where(published)
    match principal.role:
        case "pboc":
            return statement
        case "bank" | "insurer" | "guarantor" if principal.institution_id is not None:
            return statement.where(published | (Product.institution_id == principal.institution_id))
        case "gov" | "enterprise" | "bank" | "insurer" | "guarantor":
            return statement.where(published)
        case _:
            return statement.where(false())


class ProductRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _visible(self, principal: Principal | None) -> Select[Product]:
        return readable(select(Product), principal)

    def get(self, principal: Principal | None, product_id: int) -> Product | None:
        return self.session.scalar(self._visible(principal).where(Product.id == product_id))

    def get_own(self, principal: Principal, product_id: int) -> Product | None:
        """A product the principal's institution owns (for changes), else None."""
        if not principal.is_provider:
            return None
        return self.session.scalar(
            select(Product).where(
                Product.id == product_id, Product.institution_id == principal.institution_id
            )
        )

    def page(
        self,
        principal: Principal | None,
        *,
        institution_id: int | None = None,
        kind: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[Sequence[Product], int]:
        stmt = self._visible(principal)
        if institution_id is not None:
            stmt = stmt.where(Product.institution_id == institution_id)
        if kind:
            stmt = stmt.where(Product.kind == kind)
        total = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(
            stmt.order_by(Product.id.desc()).offset(offset).limit(limit)
        ).all()
        return rows, total

    def published(self, *, institution_id: int | None = None) -> Sequence[Product]:
        """Every published product (matching reads them all)."""
        stmt = select(Product).where(Product.status == "published")
        if institution_id is not None:
            stmt = stmt.where(Product.institution_id == institution_id)
        return self.session.scalars(stmt.order_by(Product.id)).all()

    def institutions(self, ids: Sequence[int]) -> dict[int, Institution]:
        rows = self.session.scalars(select(Institution).where(Institution.id.in_(set(ids))))
        return {row.id: row for row in rows}

    def versions(self, product_id: int) -> Sequence[ProductVersion]:
        return self.session.scalars(
            select(ProductVersion)
            .where(ProductVersion.product_id == product_id)
            .order_by(ProductVersion.version.desc())
        ).all()

    def version_at(self, product_id: int, at: datetime) -> ProductVersion | None:
        return self.session.scalar(
            select(ProductVersion)
            .where(ProductVersion.product_id == product_id, ProductVersion.valid_from <= at)
            .order_by(ProductVersion.version.desc())
            .limit(1)
        )

    def add(self, obj: Product | ProductVersion | FourList) -> None:
        self.session.add(obj)


class FourListRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def latest_version(self, institution_id: int, kind: str) -> int:
        return (
            self.session.scalar(
                select(func.max(FourList.version)).where(
                    FourList.institution_id == institution_id, FourList.kind == kind
                )
            )
            or 0
        )

    def current(
        self, principal: Principal | None, institution_id: int, *, at: datetime | None = None
    ) -> list[FourList]:
        """Each visible list of the institution as valid at ``at`` (default: now, the newest)."""
        result: list[FourList] = []
        for kind in ("authorization", "credit_granting", "acceptance_reply", "exemption"):
            if kind in RESTRICTED_LISTS and not (
                (principal is not None and principal.role == "pboc")
                or _owns(principal, institution_id)
            ):
                continue
            stmt = select(FourList).where(
                FourList.institution_id == institution_id, FourList.kind == kind
            )
            if at is not None:
                stmt = stmt.where(FourList.valid_from <= at)
            row = self.session.scalar(stmt.order_by(FourList.version.desc()).limit(1))
            if row is not None:
                result.append(row)
        return result

    def history(
        self, principal: Principal | None, institution_id: int, kind: str
    ) -> Sequence[FourList]:
        if kind in RESTRICTED_LISTS and not (
            (principal is not None and principal.role == "pboc") or _owns(principal, institution_id)
        ):
            return []
        return self.session.scalars(
            select(FourList)
            .where(FourList.institution_id == institution_id, FourList.kind == kind)
            .order_by(FourList.version.desc())
        ).all()

    def first_versions(self) -> list[tuple[int, str, str, datetime]]:
        """(list id, institution code, kind, valid from) of every list's first version: what the
        deadline of C-3.4.1 is judged on (a later version is a change, not the publication)."""
        stmt = (
            select(FourList.id, Institution.code, FourList.kind, FourList.valid_from)
            .join(Institution, Institution.id == FourList.institution_id)
            .where(FourList.version == 1)
            .order_by(Institution.code, FourList.kind)
        )
        return [(i, code, kind, at) for i, code, kind, at in self.session.execute(stmt)]

    def publishers(self) -> Sequence[Institution]:
        """Institutions that have published at least one list or product."""
        return self.session.scalars(
            select(Institution)
            .where(
                Institution.id.in_(select(FourList.institution_id))
                | Institution.id.in_(select(Product.institution_id))
            )
            .order_by(Institution.code)
        ).all()

    def add(self, row: FourList) -> None:
        self.session.add(row)
