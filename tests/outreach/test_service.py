"""The first-loan drive on a real database (SQLite and PostgreSQL): upload, assignment, contacts,
declines and idle hand-backs, and the loop closed by a later ledger (C-3.3.1)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from beizeng.config import get_settings
from beizeng.errors import DataInvalid, NotPermitted
from beizeng.models.institution import Institution
from beizeng.models.outreach import OutreachAssignment, OutreachEntity, OutreachList
from beizeng.outreach import assignment, follow_up, funnel, lists, reassignment, views
from beizeng.outreach.errors import AssignmentNotFound
from beizeng.outreach.schemas import ContactInput
from tests.ledger.builders import uscc
from tests.outreach.helpers import NOW, entity, import_ledger, loan, two_banks, write_list


def _active(session: Session) -> dict[str, str]:
    rows = session.execute(
        select(OutreachEntity.identifier, OutreachAssignment.institution_id)
        .join(OutreachAssignment, OutreachAssignment.entity_id == OutreachEntity.id)
        .where(OutreachAssignment.status == "active")
    )
    return {i: str(b) for i, b in rows}


def test_upload_removes_borrowers_and_assigns_every_entity_to_a_present_bank(
    session: Session, ledger_home: Path, tmp_path: Path
) -> None:
    _, gov, _, _ = two_banks(session, tmp_path)
    rows = [
        entity(1, "141102", "A1"),
        entity(2, "141102", "A1"),
        entity(3, "141125"),
        entity(4, "141123"),
    ]
    rows.append(entity(900003, "141102"))  # borrows from ABCLL in 2022-06
    report = lists.upload_list(
        session,
        settings=get_settings(),
        principal=gov,
        path=write_list(tmp_path / "名单.csv", rows),
        now=NOW,
    )
    assert (report.rows, report.removed_borrowers, report.entities) == (5, 1, 4)
    assert report.as_of == "2022-06"
    assert report.run.assigned == 4 and report.run.waiting == 0
    assert report.run.city_basis == 1  # 兴县 has no lending bank: the city's banks take it
    # Banks in code order (ABCLL, ICBCLL), room 100 each. 柳林 (only ICBCLL lends there) is
    # served first: ICBCLL 1. 离石 (both) shares its 2 equally: 1 each. 兴县 (no bank) falls to
    # the city's banks: ½ each, the largest-remainder tie to the lower code, ABCLL.
    assert report.run.per_bank == {"ABCLL": 2, "ICBCLL": 2}
    # Inside 离石 the grid-ordered entities are cut into blocks in code order: 1 → ABC, 2 → ICBC.
    codes = {i: c for i, c in session.execute(select(Institution.id, Institution.code))}
    assert {identifier: codes[int(bank)] for identifier, bank in _active(session).items()} == {
        uscc(1): "ABCLL",
        uscc(2): "ICBCLL",
        uscc(3): "ICBCLL",
        uscc(4): "ABCLL",
    }


def test_liulin_entity_goes_to_the_only_bank_lending_in_liulin(
    session: Session, ledger_home: Path, tmp_path: Path
) -> None:
    pboc, gov, icbc, _ = two_banks(session, tmp_path)
    lists.upload_list(
        session,
        settings=get_settings(),
        principal=gov,
        path=write_list(tmp_path / "l.csv", [entity(3, "141125")]),
        now=NOW,
    )
    rows = views.bank_entities(session, principal=icbc)
    assert [r.entity.identifier for r in rows.rows] == [uscc(3)]


def test_assignment_respects_capacity_and_leaves_the_rest_waiting(
    session: Session, ledger_home: Path, tmp_path: Path
) -> None:
    pboc, gov, _, _ = two_banks(session, tmp_path)
    assignment.set_capacity(session, principal=pboc, institution_code="ICBCLL", capacity=1)
    assignment.set_capacity(session, principal=pboc, institution_code="ABCLL", capacity=2)
    path = write_list(tmp_path / "l.csv", [entity(i, "141102") for i in range(1, 6)])
    report = lists.upload_list(session, settings=get_settings(), principal=gov, path=path, now=NOW)
    assert report.run.per_bank == {"ABCLL": 2, "ICBCLL": 1}
    assert report.run.waiting == 2
    assert assignment.capacities(session) == {"ABCLL": (2, 2), "ICBCLL": (1, 1)}


def test_database_refuses_a_second_active_assignment_of_one_entity(
    session: Session, ledger_home: Path, tmp_path: Path
) -> None:
    _, gov, _, _ = two_banks(session, tmp_path)
    lists.upload_list(
        session,
        settings=get_settings(),
        principal=gov,
        path=write_list(tmp_path / "l.csv", [entity(1)]),
        now=NOW,
    )
    first = session.scalars(select(OutreachAssignment)).one()
    twin = OutreachAssignment(
        entity_id=first.entity_id,
        active_entity_id=first.entity_id,
        institution_id=first.institution_id,
        run_id=first.run_id,
        basis="county",
        assigned_on=first.assigned_on,
        idle_due_on=first.idle_due_on,
    )
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(twin)
        session.flush()


def test_a_bad_list_names_file_row_column_value_and_rule_and_stores_nothing(
    session: Session, ledger_home: Path, tmp_path: Path
) -> None:
    _, gov, _, _ = two_banks(session, tmp_path)
    bad_id = entity(2)
    bad_id[0] = bad_id[0][:-1] + ("0" if bad_id[0][-1] != "0" else "1")
    rows = [entity(1), bad_id, entity(3, county="140100"), entity(1)]
    with pytest.raises(DataInvalid) as caught:
        lists.upload_list(
            session,
            settings=get_settings(),
            principal=gov,
            path=write_list(tmp_path / "坏名单.csv", rows),
            now=NOW,
        )
    message = caught.value.message
    assert "文件 坏名单.csv，第 3 行，列「统一社会信用代码」" in message
    assert "第 4 行，列「县区代码」，值「140100」" in message
    assert "第 5 行" in message and "与第 2 行重复" in message
    assert session.scalar(select(func.count()).select_from(OutreachList)) == 0


def test_only_gov_or_pboc_upload_lists(session: Session, ledger_home: Path, tmp_path: Path) -> None:
    _, _, icbc, _ = two_banks(session, tmp_path)
    with pytest.raises(NotPermitted):
        lists.upload_list(
            session,
            settings=get_settings(),
            principal=icbc,
            path=write_list(tmp_path / "l.csv", [entity(1)]),
            now=NOW,
        )


def test_a_bank_never_sees_another_banks_assignment(
    session: Session, ledger_home: Path, tmp_path: Path
) -> None:
    _, gov, icbc, abc = two_banks(session, tmp_path)
    lists.upload_list(
        session,
        settings=get_settings(),
        principal=gov,
        path=write_list(tmp_path / "l.csv", [entity(3, "141125")]),
        now=NOW,
    )
    assignment = views.bank_entities(session, principal=icbc).rows[0].assignment
    assert assignment is not None
    assert views.bank_entities(session, principal=abc).total == 0
    with pytest.raises(AssignmentNotFound):
        views.entity_view(session, principal=abc, assignment_id=assignment.id)
    with pytest.raises(AssignmentNotFound):
        follow_up.record_contact(
            session,
            principal=abc,
            assignment_id=assignment.id,
            data=ContactInput("visited"),
            now=NOW,
        )


def test_a_declined_entity_goes_to_another_present_bank(
    session: Session, ledger_home: Path, tmp_path: Path
) -> None:
    _, gov, icbc, abc = two_banks(session, tmp_path)
    lists.upload_list(
        session,
        settings=get_settings(),
        principal=gov,
        path=write_list(tmp_path / "l.csv", [entity(1, "141102")]),
        now=NOW,
    )
    holder, other = (
        (icbc, abc) if views.bank_entities(session, principal=icbc).total else (abc, icbc)
    )
    assignment = views.bank_entities(session, principal=holder).rows[0].assignment
    assert assignment is not None
    report = follow_up.decline(
        session, principal=holder, assignment_id=assignment.id, reason="不在服务网格", now=NOW
    )
    assert report.assigned == 1
    assert views.bank_entities(session, principal=other).total == 1
    assert views.bank_entities(session, principal=holder).total == 0


def test_an_entity_left_idle_for_n_working_days_is_handed_to_another_bank(
    session: Session, ledger_home: Path, tmp_path: Path
) -> None:
    _, gov, icbc, abc = two_banks(session, tmp_path)
    lists.upload_list(
        session,
        settings=get_settings(),
        principal=gov,
        path=write_list(tmp_path / "l.csv", [entity(1, "141102"), entity(2, "141102")]),
        now=NOW,
        idle_workdays=3,
    )
    contacted = views.bank_entities(session, principal=icbc).rows[0].assignment
    assert contacted is not None
    follow_up.record_contact(
        session, principal=icbc, assignment_id=contacted.id, data=ContactInput("visited"), now=NOW
    )
    # Monday 07-04 + 3 working days = Thursday 07-07; on Friday it is idle.
    assert (
        reassignment.reassign_idle(session, actor="sweep", now=NOW + timedelta(days=3)).assigned
        == 0
    )
    report = reassignment.reassign_idle(session, actor="sweep", now=NOW + timedelta(days=4))
    assert report.assigned == 1 and report.per_bank == {"ICBCLL": 1}
    assert views.bank_entities(session, principal=abc).total == 0
    assert views.bank_entities(session, principal=icbc).total == 2


def test_a_later_ledger_closes_the_loop_and_credits_the_lending_bank(
    session: Session, ledger_home: Path, tmp_path: Path
) -> None:
    pboc, gov, icbc, abc = two_banks(session, tmp_path)
    lists.upload_list(
        session,
        settings=get_settings(),
        principal=gov,
        path=write_list(tmp_path / "l.csv", [entity(3, "141125"), entity(4, "141125")]),
        now=NOW,
    )
    held = views.bank_entities(session, principal=icbc).rows
    assert len(held) == 2
    first = held[0].assignment
    assert first is not None
    follow_up.record_contact(
        session, principal=icbc, assignment_id=first.id, data=ContactInput("visited"), now=NOW
    )
    july = [loan(1, uscc(900001), "141102"), loan(9, uscc(3), "141125", start="2022-07-20")]
    import_ledger(session, tmp_path, "ABCLL", "2022-07", july)  # ABC lends, not the holder
    closed = session.scalars(select(OutreachEntity).where(OutreachEntity.closed)).all()
    assert [e.identifier for e in closed] == [uscc(3)]
    assert closed[0].first_loan_period == "2022-07"
    assert str(closed[0].first_loan_on) == "2022-07-20"
    rows = funnel.funnel(session, principal=pboc, by="bank")
    by_code = {r.key: r for r in rows}
    assert by_code["ICBCLL"].counts == {
        "assigned": 2,
        "contacted": 1,
        "demand": 1,
        "approved": 1,
        "first_loan": 1,
    }
    # ABCLL lent the first loan but never held an entity: the funnel by bank has no row for it.
    assert list(by_code) == ["ICBCLL"]
    assert {r.key: r.credited_first_loans for r in rows}.get("ICBCLL") == 0
    county = funnel.funnel(session, principal=pboc, by="county")
    assert [(r.name, r.counts["first_loan"]) for r in county] == [("柳林县", 1)]
    assert views.bank_entities(session, principal=icbc).total == 1  # the other one still open
    assert funnel.funnel(session, principal=abc, by="bank") == []


def test_a_ledger_of_the_lists_own_period_does_not_close_anything(
    session: Session, ledger_home: Path, tmp_path: Path
) -> None:
    _, gov, _, _ = two_banks(session, tmp_path)
    lists.upload_list(
        session,
        settings=get_settings(),
        principal=gov,
        path=write_list(tmp_path / "l.csv", [entity(3, "141125")]),
        now=NOW,
    )
    import_ledger(session, tmp_path, "ABCLL", "2022-06", [loan(3, uscc(3), "141125")])
    assert session.scalar(select(func.count()).where(OutreachEntity.closed)) == 0
