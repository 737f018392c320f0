"""Products and the four lists on a real database (SQLite and PostgreSQL): every change is a new
version, what was promised at a time stays readable, validation names each broken condition,
and the exemption list is seen only by pboc and the institution itself (C-3.4.1)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from beizeng.access.errors import ActionRefused
from beizeng.access.principal import ROLES, Principal
from beizeng.errors import InvalidInput, NotFound
from beizeng.models.institution import Institution
from beizeng.product import service
from beizeng.product.errors import ProductInvalid, ProductNotFound
from beizeng.product.schemas import FourListWrite
from tests.account.factories import (
    NOW,
    create_bank_user,
    create_institution,
    publish,
    terms,
)

LATER = NOW + timedelta(days=7)


def signed_in(role: str, institution: Institution | None = None) -> Principal:
    """A signed-in viewer with no stored user: products read only the role and the institution.

    Saves a password hash per viewer (argon2, ~0.1 s); the acting bank is a real user.
    """
    return Principal(
        user_id=0,
        username=f"{role}-viewer",
        display_name=ROLES[role],
        role=role,
        institution_id=institution.id if institution else None,
        institution_code=institution.code if institution else None,
    )


def test_publishing_writes_version_one_with_the_terms_as_promised(session: Session) -> None:
    bank = create_bank_user(session)
    product = service.publish_product(session, principal=bank, terms=terms(), now=NOW)
    assert (product.status, product.version, product.institution_id) == (
        "published",
        1,
        bank.institution_id,
    )
    [version] = service.product_versions(session, principal=None, product_id=product.id)
    assert (version.version, version.actor) == (1, bank.username)
    snapshot = version.terms
    assert snapshot["name"] == "晋享贷" and snapshot["status"] == "published"
    assert snapshot["sizes"] == ["small", "micro"] and snapshot["min_term_months"] == 6
    # Money and rates are kept as exact decimal strings, never floats.
    assert Decimal(snapshot["min_amount"]) == Decimal("100000")
    assert Decimal(snapshot["rate_min"]) == Decimal("0.0385")
    assert isinstance(snapshot["max_amount"], str)


def test_a_change_is_a_new_version_and_the_old_promise_stays_readable(session: Session) -> None:
    bank = create_bank_user(session)
    product_id = publish(session, bank)
    changed = service.update_product(
        session,
        principal=bank,
        product_id=product_id,
        terms=terms(rate_min=Decimal("0.0350"), max_amount=Decimal("5000000")),
        now=LATER,
    )
    assert changed.version == 2 and changed.rate_min == Decimal("0.0350")
    versions = service.product_versions(session, principal=None, product_id=product_id)
    assert [v.version for v in versions] == [2, 1]  # newest first
    before = service.product_as_of(
        session, principal=None, product_id=product_id, at=LATER - timedelta(minutes=1)
    )
    after = service.product_as_of(session, principal=None, product_id=product_id, at=LATER)
    assert (before.version, Decimal(before.terms["rate_min"])) == (1, Decimal("0.0385"))
    assert (after.version, Decimal(after.terms["max_amount"])) == (2, Decimal("5000000"))


def test_nothing_was_promised_before_publication(session: Session) -> None:
    bank = create_bank_user(session)
    product_id = publish(session, bank)
    at = NOW - timedelta(hours=1)
    with pytest.raises(NotFound) as refused:
        service.product_as_of(session, principal=None, product_id=product_id, at=at)
    assert refused.value.message == "该产品在 2022-06-06 01:00 尚未发布。"


def test_withdrawing_is_a_version_and_withdrawing_again_changes_nothing(
    session: Session,
) -> None:
    bank = create_bank_user(session)
    product_id = publish(session, bank)
    withdrawn = service.set_product_status(
        session, principal=bank, product_id=product_id, status="withdrawn", now=LATER
    )
    again = service.set_product_status(
        session, principal=bank, product_id=product_id, status="withdrawn", now=LATER
    )
    assert (withdrawn.status, again.version) == ("withdrawn", 2)
    versions = service.product_versions(session, principal=bank, product_id=product_id)
    assert [(v.version, v.terms["status"]) for v in versions] == [
        (2, "withdrawn"),
        (1, "published"),
    ]


def test_an_unknown_status_is_refused_in_chinese(session: Session) -> None:
    bank = create_bank_user(session)
    product_id = publish(session, bank)
    with pytest.raises(InvalidInput) as refused:
        service.set_product_status(
            session, principal=bank, product_id=product_id, status="hidden", now=LATER
        )
    assert refused.value.message == "产品状态「hidden」无效，应为 published 或 withdrawn。"


def test_a_withdrawn_product_is_seen_only_by_its_institution_and_pboc(session: Session) -> None:
    bank = create_bank_user(session)
    other = signed_in("bank", create_institution(session))
    pboc = signed_in("pboc")
    enterprise = signed_in("enterprise")
    product_id = publish(session, bank)
    service.set_product_status(
        session, principal=bank, product_id=product_id, status="withdrawn", now=LATER
    )
    assert service.get_product(session, principal=bank, product_id=product_id).own is True
    assert service.get_product(session, principal=pboc, product_id=product_id).own is False
    for viewer in (None, other, enterprise):
        with pytest.raises(ProductNotFound, match="产品不存在或无权查看。"):
            service.get_product(session, principal=viewer, product_id=product_id)


def test_only_the_owning_institution_may_change_a_product(session: Session) -> None:
    bank = create_bank_user(session)
    other = signed_in("bank", create_institution(session))
    product_id = publish(session, bank)
    with pytest.raises(ProductNotFound):
        service.update_product(
            session, principal=other, product_id=product_id, terms=terms(), now=LATER
        )
    enterprise = signed_in("enterprise")
    with pytest.raises(ActionRefused) as refused:
        service.publish_product(session, principal=enterprise, terms=terms(), now=NOW)
    assert refused.value.message == "「发布与修改产品」仅限银行、保险机构、融资担保机构使用。"
    assert [
        v.version for v in service.product_versions(session, principal=None, product_id=product_id)
    ] == [1]


def test_validation_names_every_broken_condition_and_stores_nothing(session: Session) -> None:
    bank = create_bank_user(session)
    bad = terms(
        kind="loan",
        sizes=["small", "tiny"],
        industries=["C", "Z"],
        counties=["141102", "110101"],
        guarantee_types=["credit", "cash"],
        min_amount=Decimal("5000000"),
        max_amount=Decimal("100000"),
        rate_max=Decimal("0.40"),
    )
    with pytest.raises(ProductInvalid) as refused:
        service.publish_product(session, principal=bank, terms=bad, now=NOW)
    assert refused.value.message == (
        "产品条件不符合要求：金额范围应为正数且下限不大于上限；"
        "利率范围应在 0–36% 之间且下限不大于上限（以小数表示，如 0.0435）；"
        "产品类型「loan」无效；企业规模「tiny」无效；行业门类「Z」无效；担保方式「cash」无效；"
        "县区代码「110101」无效。"
    )
    assert service.list_products(session, principal=None).total == 0


def test_an_update_is_validated_like_a_publication(session: Session) -> None:
    bank = create_bank_user(session)
    product_id = publish(session, bank)
    with pytest.raises(ProductInvalid, match="适用主体「cooperative」无效"):
        service.update_product(
            session,
            principal=bank,
            product_id=product_id,
            terms=terms(entity_kinds=["cooperative"]),
            now=LATER,
        )


def test_the_catalogue_lists_published_products_newest_first_with_filters(
    session: Session,
) -> None:
    llrcb = create_institution(session, code="LLRCBX", name="吕梁农商银行测试")
    bank = create_bank_user(session, llrcb)
    other = signed_in("bank", create_institution(session))
    first = publish(session, bank, name="第一款")
    second = publish(session, bank, name="票据贴现", kind="bill")
    third = publish(session, other, name="别家")
    withdrawn = publish(session, bank, name="已下架")
    service.set_product_status(
        session, principal=bank, product_id=withdrawn, status="withdrawn", now=LATER
    )

    public = service.list_products(session, principal=None)
    assert [p.id for p in public.items] == [third, second, first] and public.total == 3
    assert set(public.institutions) == {bank.institution_id, other.institution_id}
    own = service.list_products(session, principal=bank, institution_code="LLRCBX")
    assert [p.id for p in own.items] == [withdrawn, second, first]
    bills = service.list_products(session, principal=None, kind="bill")
    assert [p.id for p in bills.items] == [second]
    assert service.list_products(session, principal=None, institution_code="NOPE").total == 0
    page_two = service.list_products(session, principal=None, page=2, per_page=2)
    assert ([p.id for p in page_two.items], page_two.total) == ([first], 3)
    unbounded = service.list_products(session, principal=None, per_page=0)
    assert len(unbounded.items) == 1  # at least one per page


# ---------------------------------------------------------------- the four lists


def _write(body: str, reply_days: int | None = None) -> FourListWrite:
    return FourListWrite(body=body, reply_days=reply_days)


def test_each_list_change_is_a_new_version_and_the_history_keeps_all(session: Session) -> None:
    bank = create_bank_user(session)
    first = service.set_four_list(
        session,
        principal=bank,
        kind="authorization",
        data=_write("  支行审批 500 万元以下  "),
        now=NOW,
    )
    second = service.set_four_list(
        session,
        principal=bank,
        kind="authorization",
        data=_write("支行审批 1000 万元以下"),
        now=LATER,
    )
    assert (first.version, first.body, second.version) == (1, "支行审批 500 万元以下", 2)
    code = _code(session, bank.institution_id)
    history = service.four_list_history(
        session, principal=None, institution_code=code, kind="authorization"
    )
    assert [(h.version, h.body) for h in history] == [
        (2, "支行审批 1000 万元以下"),
        (1, "支行审批 500 万元以下"),
    ]
    then = service.four_lists(session, principal=None, institution_code=code, at=NOW)
    assert [(row.kind, row.version) for row in then.lists] == [("authorization", 1)]


def test_the_reply_list_must_state_its_working_days_and_only_it_keeps_them(
    session: Session,
) -> None:
    bank = create_bank_user(session)
    with pytest.raises(InvalidInput) as refused:
        service.set_four_list(
            session, principal=bank, kind="acceptance_reply", data=_write("五日内回复"), now=NOW
        )
    assert refused.value.message == "受理回复清单必须写明承诺回复时限（工作日）。"
    reply = service.set_four_list(
        session, principal=bank, kind="acceptance_reply", data=_write("五日内回复", 5), now=NOW
    )
    other = service.set_four_list(
        session, principal=bank, kind="credit_granting", data=_write("纳税 A 级", 5), now=NOW
    )
    assert (reply.reply_days, other.reply_days) == (5, None)


def test_an_unknown_list_kind_is_refused_with_the_choices(session: Session) -> None:
    bank = create_bank_user(session)
    with pytest.raises(InvalidInput) as refused:
        service.set_four_list(session, principal=bank, kind="pricing", data=_write("x"), now=NOW)
    assert refused.value.message == (
        "清单类型「pricing」无效，可选：authorization、credit_granting、acceptance_reply、exemption。"
    )


def test_the_exemption_list_is_seen_only_by_pboc_and_the_institutions_own_staff(
    session: Session,
) -> None:
    bank = create_bank_user(session)
    colleague = signed_in("bank", _institution(session, bank.institution_id))
    other = signed_in("bank", create_institution(session))
    pboc, gov = signed_in("pboc"), signed_in("gov")
    for kind in ("authorization", "credit_granting", "exemption"):
        service.set_four_list(session, principal=bank, kind=kind, data=_write(kind), now=NOW)
    code = _code(session, bank.institution_id)

    def kinds(viewer: Principal | None) -> list[str]:
        view = service.four_lists(session, principal=viewer, institution_code=code)
        return [row.kind for row in view.lists]

    everything = ["authorization", "credit_granting", "exemption"]
    assert kinds(bank) == kinds(colleague) == kinds(pboc) == everything
    assert kinds(None) == kinds(other) == kinds(gov) == ["authorization", "credit_granting"]
    assert (
        service.four_list_history(session, principal=other, institution_code=code, kind="exemption")
        == []
    )
    assert service.four_lists(session, principal=bank, institution_code=code).own is True


def test_lists_of_an_unknown_institution_are_not_found(session: Session) -> None:
    with pytest.raises(NotFound, match="机构「NOPE」不存在。"):
        service.four_lists(session, principal=None, institution_code="NOPE")
    with pytest.raises(NotFound, match="机构「NOPE」不存在。"):
        service.four_list_history(
            session, principal=None, institution_code="NOPE", kind="exemption"
        )


def test_publishers_are_the_institutions_with_a_list_or_a_product_in_code_order(
    session: Session,
) -> None:
    b = signed_in("bank", create_institution(session, code="ZZB"))
    a = signed_in("bank", create_institution(session, code="ZZA"))
    create_institution(session, code="ZZC")  # publishes nothing
    publish(session, b)
    service.set_four_list(session, principal=a, kind="exemption", data=_write("免责"), now=NOW)
    codes = [i.code for i in service.publishers(session)]
    assert [c for c in codes if c.startswith("ZZ")] == ["ZZA", "ZZB"]


def _institution(session: Session, institution_id: int | None) -> Institution:
    found = session.get(Institution, institution_id)
    assert found is not None
    return found


def _code(session: Session, institution_id: int | None) -> str:
    return _institution(session, institution_id).code
