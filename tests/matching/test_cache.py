"""The product matrix cache is bounded and keyed by the catalogue stamp (consolidation issue,
point 7): a catalogue change is seen at once, and old matrices are dropped."""

from __future__ import annotations

from sqlalchemy.orm import Session

from beizeng.matching import service
from tests.account.factories import create_bank_user, publish


def test_the_matrix_cache_never_grows_beyond_its_bound(session: Session) -> None:
    service._cache.clear()
    bank = create_bank_user(session)
    for n in range(3 * service.MATRIX_ENTRIES):
        product_id = publish(session, bank, name=f"测试贷{n}")
        matrix = service.offer_matrix(session)
        assert product_id in {o.product_id for o in matrix.offers}  # the new stamp is a miss
        assert len(service._cache) <= service.MATRIX_ENTRIES
    assert service.offer_matrix(session) is matrix  # unchanged catalogue: served from memory
