"""The policy library: jieba tokens, the term index on both databases, applicability, and
attachments under the home of the settings the caller passes (consolidation issue, point 3)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beizeng.config import Settings
from beizeng.errors import NotPermitted
from beizeng.library import rules, service
from beizeng.library.errors import AttachmentMissing, PolicyInvalid
from beizeng.models.account import Enterprise
from beizeng.models.library import PolicyTerm
from tests.account.factories import create_enterprise_user, create_user


def test_search_tokens_include_words_and_their_sub_words() -> None:
    found = rules.tokens("关于加强普惠小微企业首贷服务的通知")
    assert {"普惠小微", "企业", "首贷", "服务", "通知"} <= set(found)
    assert "的" not in found and "，" not in found


def test_applicability_ignores_unknown_facts_but_excludes_mismatches() -> None:
    small_liulin = rules.Audience(["small", "micro"], ["141125"], ["C"])
    assert rules.applies(small_liulin, size="micro", county="141125", industry="C3011")
    assert not rules.applies(small_liulin, size="large", county="141125", industry="C3011")
    assert not rules.applies(small_liulin, size="micro", county="141102", industry="C3011")
    assert not rules.applies(small_liulin, size="micro", county="141125", industry="A0141")
    assert rules.applies(small_liulin, size=None, county=None, industry=None)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The caller's settings: a home of the test's own, never the environment's."""
    return Settings(home=tmp_path / "home")


def _publish(session: Session, settings: Settings, title: str, text: str, **extra: object) -> int:
    pboc = create_user(session, "pboc")
    data = service.PolicyInput(
        title=title, issuer="人民银行吕梁市中心支行", issued_on=date(2022, 5, 1), text=text, **extra
    )  # type: ignore[arg-type]
    return service.publish(session, principal=pboc, data=data, settings=settings).id


def test_search_goes_through_the_term_index_and_ranks_by_matched_words(
    session: Session, settings: Settings
) -> None:
    green = _publish(
        session, settings, "绿色贷款贴息办法", "对清洁能源和绿色项目贷款给予贴息。", tags=("绿色",)
    )
    first = _publish(
        session, settings, "首贷户拓展行动方案", "推动银行对无贷户开展首贷服务，普惠小微企业优先。"
    )
    both = _publish(session, settings, "普惠小微绿色金融指引", "普惠小微企业绿色贷款首贷支持。")
    assert (
        session.scalar(
            select(func.count()).select_from(PolicyTerm).where(PolicyTerm.term == "首贷")
        )
        == 2
    )
    hits = service.search(session, query="首贷 绿色")
    assert [h.policy.id for h in hits][:1] == [both]
    assert {h.policy.id for h in hits} == {green, first, both}
    assert [h.policy.id for h in service.search(session, query="首贷", tag="绿色")] == []
    assert service.search(session, query="钢铁") == []


def test_substring_that_is_not_a_token_does_not_match(session: Session, settings: Settings) -> None:
    _publish(session, settings, "小微企业贷款", "金融服务")
    assert service.search(session, query="业贷") == []


def test_only_pboc_or_gov_publish_and_bad_audience_is_refused(
    session: Session, settings: Settings
) -> None:
    enterprise = create_enterprise_user(session)
    data = service.PolicyInput(title="t", issuer="i", issued_on=date(2022, 1, 1), text="x")
    with pytest.raises(NotPermitted):
        service.publish(session, principal=enterprise, data=data, settings=settings)
    pboc = create_user(session, "pboc")
    with pytest.raises(PolicyInvalid, match="县区代码「140100」"):
        service.publish(
            session,
            principal=pboc,
            settings=settings,
            data=service.PolicyInput(
                title="t", issuer="i", issued_on=date(2022, 1, 1), text="x", counties=("140100",)
            ),
        )


def test_attachments_are_stored_under_the_home(session: Session, settings: Settings) -> None:
    pboc = create_user(session, "pboc")
    data = service.PolicyInput(
        title="通知", issuer="吕梁市人民政府", issued_on=date(2022, 3, 1), text="正文"
    )
    policy = service.publish(
        session,
        principal=pboc,
        data=data,
        settings=settings,
        attachments=[("../附件 一.pdf", b"%PDF-1.4")],
    )
    view = service.get_policy(session, policy_id=policy.id)
    path, name = service.attachment_file(
        session, attachment_id=view.attachments[0].id, settings=settings
    )
    assert path.read_bytes() == b"%PDF-1.4"
    assert path.is_relative_to(settings.resolved_home / "library") and name == "附件_一.pdf"


def test_an_attachment_whose_file_is_gone_is_not_found_with_its_name(
    session: Session, settings: Settings
) -> None:
    """Point 9: the file response used to fail with a 500; now a 404 in Chinese."""
    pboc = create_user(session, "pboc")
    data = service.PolicyInput(
        title="通知", issuer="吕梁市人民政府", issued_on=date(2022, 3, 1), text="正文"
    )
    policy = service.publish(
        session, principal=pboc, data=data, settings=settings, attachments=[("办法.pdf", b"%PDF")]
    )
    attachment = service.get_policy(session, policy_id=policy.id).attachments[0]
    path, _ = service.attachment_file(session, attachment_id=attachment.id, settings=settings)
    path.unlink()
    with pytest.raises(AttachmentMissing) as caught:
        service.attachment_file(session, attachment_id=attachment.id, settings=settings)
    assert caught.value.status == 404
    assert caught.value.message.startswith("附件「办法.pdf」的文件已不在服务器上")


def test_policies_for_an_enterprise_follow_its_size_and_county(
    session: Session, settings: Settings
) -> None:
    liulin = _publish(
        session,
        settings,
        "柳林县小微企业纾困",
        "正文",
        sizes=("small", "micro"),
        counties=("141125",),
    )
    city = _publish(session, settings, "全市稳岗政策", "正文")
    firm = Enterprise(
        uscc="x", name="n", legal_person="p", kind="enterprise", size="micro", county_code="141102"
    )
    assert [p.id for p in service.policies_for(session, enterprise=firm)] == [city]
    firm.county_code = "141125"
    assert {p.id for p in service.policies_for(session, enterprise=firm)} == {liulin, city}
