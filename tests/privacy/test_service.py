"""The logged read of a whole value and the pboc view of the log (JR/T 0171-2020, 7.1.3)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng.access.errors import ActionRefused
from beizeng.models.account import PersonalDataRead
from beizeng.privacy import service
from beizeng.privacy.errors import PurposeRequired
from tests.account.factories import NOW, create_bank_user, create_user


def test_a_reveal_returns_the_value_and_logs_who_when_whose_which_and_why(
    session: Session,
) -> None:
    bank = create_bank_user(session, username="icbc1")
    value = service.reveal(
        session,
        principal=bank,
        subject="enterprise:12",
        field="phone",
        value="13812345678",
        purpose=" 联系企业办理融资需求 ",
        now=NOW,
    )
    assert value == "13812345678"
    [read] = session.scalars(select(PersonalDataRead)).all()
    assert (read.actor, read.actor_role, read.subject, read.field, read.purpose) == (
        "icbc1",
        "bank",
        "enterprise:12",
        "phone",
        "联系企业办理融资需求",
    )
    assert read.at.replace(tzinfo=None) == NOW.replace(tzinfo=None)
    assert "13812345678" not in repr(vars(read))


def test_no_purpose_no_whole_value_and_nothing_logged(session: Session) -> None:
    gov = create_user(session, "gov")
    with pytest.raises(PurposeRequired):
        service.reveal(
            session,
            principal=gov,
            subject="enterprise:1",
            field="phone",
            value="13812345678",
            purpose=" ",
            now=NOW,
        )
    assert session.scalars(select(PersonalDataRead)).all() == []


def test_pboc_lists_the_reads_newest_first_and_nobody_else_may(session: Session) -> None:
    pboc, bank = create_user(session, "pboc"), create_bank_user(session)
    for n in (1, 2):
        service.reveal(
            session,
            principal=bank,
            subject=f"outreach_entity:{n}",
            field="resident_id",
            value="x",
            purpose="走访对接无贷户",
            now=NOW.replace(minute=n),
        )
    page = service.recent_reads(session, principal=pboc)
    assert page.total == 2 and [r.subject for r in page.rows] == [
        "outreach_entity:2",
        "outreach_entity:1",
    ]
    for other in (bank, create_user(session, "gov")):
        with pytest.raises(ActionRefused):
            service.recent_reads(session, principal=other)
