"""SQL of matching: products as offers, demands as needs, and each bank's reply record."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session

from beizeng.matching.rules import Need, Offer
from beizeng.models.account import Enterprise
from beizeng.models.demand import Demand
from beizeng.models.institution import Institution
from beizeng.models.product import Product


def _offer(p: Product, code: str) -> Offer:
    return Offer(
        product_id=p.id,
        institution_code=code,
        name=p.name,
        entity_kinds=tuple(p.entity_kinds),
        sizes=tuple(p.sizes),
        industries=tuple(p.industries),
        counties=tuple(p.counties),
        guarantee_types=tuple(p.guarantee_types),
        min_amount=float(p.min_amount),
        max_amount=float(p.max_amount),
        min_term=p.min_term_months,
        max_term=p.max_term_months,
        rate_min=float(p.rate_min),
        rate_max=float(p.rate_max),
    )


def _section(code: str | None) -> str | None:
    return code[0] if code and code[0].isalpha() else None


class MatchingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def catalogue_stamp(self) -> tuple[object, ...]:
        """Changes whenever a product is published, changed or withdrawn (cache key)."""
        row = self.session.execute(
            select(func.count(Product.id), func.max(Product.updated_at), func.max(Product.version))
        ).one()
        return tuple(row)

    def offers(
        self, *, institution_id: int | None = None, product_id: int | None = None
    ) -> list[Offer]:
        stmt = (
            select(Product, Institution.code)
            .join(Institution, Institution.id == Product.institution_id)
            .where(Product.status == "published")
            .order_by(Product.id)
        )
        if institution_id is not None:
            stmt = stmt.where(Product.institution_id == institution_id)
        if product_id is not None:
            stmt = stmt.where(Product.id == product_id)
        return [_offer(p, code) for p, code in self.session.execute(stmt)]

    def institution_names(self) -> dict[str, str]:
        rows = self.session.execute(select(Institution.code, Institution.name))
        return {code: name for code, name in rows}

    def records(self) -> dict[str, float]:
        """Share of replies on or before the deadline, per bank, among demands with a deadline."""
        replied = Demand.replied_at.is_not(None)
        on_time = case((replied & (func.date(Demand.replied_at) <= Demand.deadline), 1), else_=0)
        stmt = (
            select(Institution.code, func.sum(on_time), func.sum(case((replied, 1), else_=0)))
            .join(Institution, Institution.id == Demand.institution_id)
            .where(Demand.deadline.is_not(None))
            .group_by(Institution.code)
        )
        return {code: float(ok or 0) / float(n) for code, ok, n in self.session.execute(stmt) if n}

    def _needs(self, stmt: Select[Demand, Enterprise]) -> list[Need]:
        return [
            Need(
                demand_id=d.id,
                entity_kind=e.kind,
                size=e.size,
                industry_section=_section(e.industry_code),
                county=d.county_code,
                amount=float(d.amount),
                term=d.term_months,
                guarantee=d.guarantee_offered,
            )
            for d, e in self.session.execute(stmt)
        ]

    def need(self, demand: Demand) -> Need:
        stmt = select(Demand, Enterprise).join(Enterprise, Enterprise.id == Demand.enterprise_id)
        return self._needs(stmt.where(Demand.id == demand.id))[0]

    def needs(
        self, *, where: ColumnElement[bool] | None = None, open_only: bool = False
    ) -> list[Need]:
        """Demands as needs: those matching ``where`` and, if asked, still waiting for a bank."""
        stmt = select(Demand, Enterprise).join(Enterprise, Enterprise.id == Demand.enterprise_id)
        if where is not None:
            stmt = stmt.where(where)
        if open_only:
            stmt = stmt.where(Demand.status == "submitted", Demand.institution_id.is_(None))
        return self._needs(stmt.order_by(Demand.id))
