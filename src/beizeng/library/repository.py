"""Every SQL statement of the policy library, including the indexed term lookup."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from beizeng.models.library import Policy, PolicyAttachment, PolicyTerm


class PolicyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, obj: object) -> None:
        self.session.add(obj)
        self.session.flush()

    def get(self, policy_id: int) -> Policy | None:
        return self.session.get(Policy, policy_id)

    def recent(self, limit: int = 50) -> list[Policy]:
        stmt = select(Policy).order_by(Policy.issued_on.desc(), Policy.id.desc()).limit(limit)
        return list(self.session.scalars(stmt))

    def all(self) -> list[Policy]:
        return list(self.session.scalars(select(Policy).order_by(Policy.issued_on.desc())))

    def by_ids(self, ids: Sequence[int]) -> dict[int, Policy]:
        return {p.id: p for p in self.session.scalars(select(Policy).where(Policy.id.in_(ids)))}

    def replace_terms(self, policy_id: int, terms: dict[str, int]) -> None:
        self.session.execute(delete(PolicyTerm).where(PolicyTerm.policy_id == policy_id))
        if terms:
            self.session.execute(
                insert(PolicyTerm),
                [{"term": t, "policy_id": policy_id, "weight": w} for t, w in terms.items()],
            )

    def match(self, terms: Sequence[str], limit: int) -> list[tuple[int, int, int]]:
        """(policy id, matched terms, total weight) through the term index, best first."""
        stmt = (
            select(
                PolicyTerm.policy_id,
                func.count().label("hits"),
                func.sum(PolicyTerm.weight).label("weight"),
            )
            .where(PolicyTerm.term.in_(list(terms)))
            .group_by(PolicyTerm.policy_id)
            .order_by(
                func.count().desc(), func.sum(PolicyTerm.weight).desc(), PolicyTerm.policy_id.desc()
            )
            .limit(limit)
        )
        return [(int(p), int(h), int(w)) for p, h, w in self.session.execute(stmt)]

    def attachments(self, policy_id: int) -> list[PolicyAttachment]:
        stmt = select(PolicyAttachment).where(PolicyAttachment.policy_id == policy_id)
        return list(self.session.scalars(stmt.order_by(PolicyAttachment.id)))

    def attachment(self, attachment_id: int) -> PolicyAttachment | None:
        return self.session.get(PolicyAttachment, attachment_id)
