"""Enterprise registration and profile on a real database (SQLite and PostgreSQL): the USCC and
the codes are checked, the size class follows 工信部联企业〔2011〕300号 with the rule that decided
it, and the no-loan flag reads the latest ledgers (C-3.4.2)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.account.errors import EnterpriseAlreadyRegistered
from beizeng.enterprise import service
from beizeng.enterprise.errors import EnterpriseNotFound, ProfileInvalid
from beizeng.enterprise.schemas import EnterpriseProfile, EnterpriseRegister
from beizeng.errors import InvalidInput
from beizeng.models.account import Enterprise
from beizeng.reference.identifiers import IdentifierInvalid
from beizeng.reference.sizing import SizingNotApplicable
from tests.account.factories import (
    PASSWORD,
    create_enterprise_user,
    create_institution,
    create_user,
    make_uscc,
)
from tests.tools.factories import import_rows, loan, uscc

_serial = itertools.count(1)


def _register(session: Session, **overrides: Any) -> Enterprise:
    values: dict[str, Any] = {
        "uscc": make_uscc(),
        "name": "  吕梁市晋绣纺织有限公司 ",
        "legal_person": " 王五 ",
        "county_code": "141125",
        "industry_code": "c1713",
        "username": f"jinxiu{next(_serial)}",
        "password": PASSWORD,
    }
    values.update(overrides)
    user = service.register_enterprise(session, data=EnterpriseRegister(**values))
    enterprise = session.get(Enterprise, user.enterprise_id)
    assert enterprise is not None
    return enterprise


def _sized(session: Session, principal: Principal, **profile: Any) -> Enterprise:
    return service.update_profile(
        session, principal=principal, profile=EnterpriseProfile(**profile)
    )


def test_registration_stores_a_normalised_profile_and_an_enterprise_user(
    session: Session,
) -> None:
    code = make_uscc()
    user = service.register_enterprise(
        session,
        data=EnterpriseRegister(
            uscc=f" {code[:6]}-{code[6:].lower()} ",
            name="  吕梁市晋绣纺织有限公司 ",
            legal_person=" 王五 ",
            county_code="141125",
            industry_code="c1713",
            username="jinxiu",
            password=PASSWORD,
        ),
    )
    enterprise = session.get(Enterprise, user.enterprise_id)
    assert enterprise is not None
    assert (enterprise.uscc, enterprise.name, enterprise.legal_person) == (
        code,
        "吕梁市晋绣纺织有限公司",
        "王五",
    )
    assert (enterprise.county_code, enterprise.industry_code) == ("141125", "C1713")
    assert (enterprise.size, enterprise.size_rule) == (None, None)  # no indicators yet
    assert (user.role, user.display_name, user.username) == (
        "enterprise",
        "吕梁市晋绣纺织有限公司",
        "jinxiu",
    )


def test_a_uscc_can_be_registered_only_once(session: Session) -> None:
    code = make_uscc()
    _register(session, uscc=code, username="first")
    with pytest.raises(EnterpriseAlreadyRegistered) as refused:
        _register(session, uscc=code.lower(), username="second")
    assert refused.value.message == f"统一社会信用代码 {code} 已注册，请直接登录或联系管理员。"


def test_an_invalid_uscc_is_refused_by_its_rule_and_nothing_is_stored(session: Session) -> None:
    code = make_uscc()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(IdentifierInvalid) as refused:
        _register(session, uscc=wrong)
    assert refused.value.message == (
        f"统一社会信用代码「{wrong}」无效：校验码应为「{code[-1]}」，实际为「{wrong[-1]}」"
        "（GB 32100-2015）"
    )
    assert session.scalar(select(func.count()).select_from(Enterprise)) == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "farmer"}, "主体类型「farmer」无效，应为企业或个体工商户。"),
        ({"county_code": "110101"}, "所在县区「110101」不是吕梁市所辖县区代码（GB/T 2260）。"),
        ({"county_code": "141100"}, "所在县区「141100」不是吕梁市所辖县区代码（GB/T 2260）。"),
        (
            {"industry_code": "Z99"},
            "行业代码「Z99」无效：没有门类「Z」，门类为 A–T（GB/T 4754-2017）",
        ),
    ],
)
def test_a_bad_kind_county_or_industry_is_refused_naming_the_value(
    session: Session, overrides: dict[str, str], message: str
) -> None:
    with pytest.raises(ProfileInvalid) as refused:
        _register(session, **overrides)
    assert refused.value.message == message
    assert refused.value.status == 422


def test_an_industrial_firm_is_sized_small_with_the_deciding_bounds(session: Session) -> None:
    principal = create_enterprise_user(session)  # C3011, 30 people, 800 万元 revenue
    enterprise = service.own_enterprise(session, principal=principal)
    assert enterprise.size == "small"
    assert enterprise.size_rule == (
        "工业：从业人员 30 人 ≥ 20 且营业收入 800 万元 ≥ 300 万元，"
        "未同时达到中型下限（300 人、2000 万元），划为小型"
    )


def test_the_size_follows_the_industrial_bounds_each_time_the_profile_changes(
    session: Session,
) -> None:
    principal = create_enterprise_user(session)  # one user, its profile changed in turn
    cases = [
        (1000, 40000, "large"),  # both large bounds reached
        (999, 40000, "medium"),
        (300, 2000, "medium"),
        (299, 2000, "small"),
        (20, 300, "small"),
        (19, 300, "micro"),  # one small bound missed
        (20, 299, "micro"),
        (0, 0, "micro"),
    ]
    sized = [
        (e, r, _sized(session, principal, employees=e, revenue_wan=Decimal(r)).size)
        for e, r, _ in cases
    ]
    assert sized == cases


def test_a_changed_profile_is_sized_again(session: Session) -> None:
    principal = create_enterprise_user(session)
    enterprise = _sized(
        session,
        principal,
        industry_code="K7010",  # 房地产开发经营: revenue and assets
        county_code="141102",
        revenue_wan=Decimal(1),
        assets_wan=Decimal(1),
    )
    assert (enterprise.industry_code, enterprise.county_code, enterprise.size) == (
        "K7010",
        "141102",
        "micro",
    )
    assert enterprise.size_rule == (
        "房地产开发经营：营业收入 1 万元 < 100 万元、资产总额 1 万元 < 2000 万元，"
        "低于小型下限（100 万元、2000 万元），划为微型"
    )


def test_an_empty_code_keeps_the_industry_and_county_already_given(session: Session) -> None:
    principal = create_enterprise_user(session)  # C3011 in 141123
    enterprise = _sized(
        session, principal, industry_code="", county_code=None, employees=5, revenue_wan=1
    )
    assert (enterprise.industry_code, enterprise.county_code, enterprise.size) == (
        "C3011",
        "141123",
        "micro",
    )


def test_without_any_indicator_an_enterprise_stays_unsized(session: Session) -> None:
    principal = create_enterprise_user(
        session, profile=EnterpriseProfile(contact_phone="0358-8888888")
    )
    enterprise = service.own_enterprise(session, principal=principal)
    assert (enterprise.size, enterprise.size_rule) == (None, None)
    assert enterprise.contact_phone == "0358-8888888"


def test_an_individual_business_is_never_sized(session: Session) -> None:
    principal = create_enterprise_user(
        session, kind="individual_business", uscc=make_uscc("individual_business")
    )
    enterprise = service.own_enterprise(session, principal=principal)
    assert (enterprise.kind, enterprise.size, enterprise.size_rule) == (
        "individual_business",
        None,
        None,
    )
    assert service.describe(enterprise)["size"] == "个体工商户"


def test_a_missing_indicator_the_industry_needs_is_named(session: Session) -> None:
    principal = create_enterprise_user(session)
    with pytest.raises(InvalidInput) as refused:
        _sized(session, principal, employees=50)
    assert refused.value.message == "「工业」划型需要营业收入（万元），未提供。"


def test_a_finance_firm_is_refused_sizing_by_this_standard(session: Session) -> None:
    principal = create_enterprise_user(session)
    with pytest.raises(SizingNotApplicable) as refused:
        _sized(session, principal, industry_code="J6620", employees=5, revenue_wan=1)
    assert "银发〔2015〕309号" in refused.value.message
    assert refused.value.message.startswith("行业代码「J6620」")


def test_the_profile_is_described_in_chinese(session: Session) -> None:
    principal = create_enterprise_user(session)  # C3011 in 兴县, small
    enterprise = service.own_enterprise(session, principal=principal)
    assert service.describe(enterprise) == {
        "kind": "企业",
        "county": "兴县",
        "industry": "C 制造业 / 30 非金属矿物制品业",
        "size": "小型企业",
    }


def test_only_an_enterprise_user_has_an_own_enterprise(session: Session) -> None:
    for principal in (create_user(session, "pboc"), create_user(session, "gov")):
        with pytest.raises(EnterpriseNotFound, match="企业不存在或无权查看。"):
            service.own_enterprise(session, principal=principal)
    create_institution(session, code="ENTBANK")
    bank = create_user(session, "bank", institution_code="ENTBANK")
    with pytest.raises(EnterpriseNotFound):
        service.update_profile(session, principal=bank, profile=EnterpriseProfile(employees=1))


def test_the_no_loan_flag_is_unknown_until_a_ledger_is_accepted(
    session: Session, ledger_home: Path
) -> None:
    assert service.no_loan_flag(session, uscc=uscc(1)) is None


def test_the_no_loan_flag_reads_balances_of_the_latest_period_only(
    session: Session, ledger_home: Path
) -> None:
    create_institution(session, code="LLRCB", name="吕梁农村商业银行", category="rural_bank")
    import_rows(session, ledger_home, "LLRCB", "2022-05", [loan("L3", "900000")])
    import_rows(
        session,
        ledger_home,
        "LLRCB",
        "2022-06",
        [loan("L1", "500000"), loan("L2", "0", maturity_date="2022-06-30")],
    )
    assert service.no_loan_flag(session, uscc=uscc(1)) is False  # a balance in June
    assert service.no_loan_flag(session, uscc=uscc(2)) is True  # repaid to zero
    assert service.no_loan_flag(session, uscc=uscc(3)) is True  # borrowed in May only
    assert service.no_loan_flag(session, uscc=uscc(4)) is True  # never borrowed
