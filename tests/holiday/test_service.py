"""Loading a notice on the database: precedence, replace, audit, and the deadlines it moves.

Done when (issue 10): on a home with no 2027 notice a demand submitted on 2026-12-28 gets a
provisional deadline and the bank can pick it up; loading 2027 recomputes it from the notice.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng import assembly
from beizeng.config import get_settings
from beizeng.demand import service as demands
from beizeng.demand.schemas import DemandCreate
from beizeng.holiday import service
from beizeng.holiday.errors import YearAlreadyLoaded
from beizeng.models.audit import AuditEntry
from beizeng.reference.workdays import package_source
from tests.account.factories import create_bank_user, create_enterprise_user, publish
from tests.holiday.notices import NOTICE_2027, notice

MONDAY_2026_12_28 = datetime(2026, 12, 28, 2, 0, tzinfo=UTC)  # 10:00 in Lüliang


def _load(session: Session, content: bytes, *, replace: bool = False) -> service.LoadResult:
    return service.load_year(
        session,
        content=content,
        file="2027.toml",
        replace=replace,
        loaded_by="pboc-city",
        now=MONDAY_2026_12_28,
    )


def test_without_a_notice_2027_is_provisional_and_after_loading_it_follows_the_notice(
    session: Session,
) -> None:
    assert service.coverage_gaps(session, start=date(2026, 12, 1), end=date(2027, 1, 1)) == [2027]
    assert service.work_calendar(session).add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 1)

    result = _load(session, NOTICE_2027.encode())

    assert (result.year, result.holidays, result.workdays) == (2027, 10, 1)
    assert service.coverage_gaps(session, start=date(2026, 12, 1), end=date(2027, 1, 1)) == []
    calendar = service.work_calendar(session)
    assert calendar.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert calendar.source_of(2027) == "notice"


def test_the_same_notice_twice_changes_nothing_and_other_content_needs_replace(
    session: Session,
) -> None:
    _load(session, NOTICE_2027.encode())
    again = _load(session, NOTICE_2027.encode())
    assert again.unchanged and not again.replaced

    changed = notice(source='"国办发明电〔2026〕N号（更正）"')
    with pytest.raises(YearAlreadyLoaded) as caught:
        _load(session, changed)
    assert "--replace" in caught.value.message and "国办发明电〔2026〕N号" in caught.value.message
    assert service.work_calendar(session).loaded[2027].source == "国办发明电〔2026〕N号"

    replaced = _load(session, changed, replace=True)
    assert replaced.replaced
    assert service.work_calendar(session).loaded[2027].source == "国办发明电〔2026〕N号（更正）"


def test_the_audit_log_records_who_loaded_which_year(session: Session) -> None:
    session.info["actor"] = "pboc-city"
    _load(session, NOTICE_2027.encode())
    entry = session.scalars(select(AuditEntry).where(AuditEntry.object_type == "HolidayYear")).one()
    assert (entry.actor, entry.action, entry.object_id) == ("pboc-city", "create", "2027")
    assert entry.after is not None and entry.after["source"] == "国办发明电〔2026〕N号"


def test_the_list_names_each_years_source_and_marks_next_year_provisional(
    session: Session,
) -> None:
    rows = {r.year: r for r in service.list_years(session, today=date(2026, 12, 1))}
    assert rows[2026].source == package_source() and rows[2026].kind == "随软件包提供"
    assert rows[2027].kind == "暂按周末计算"
    assert service.missing_year(session, today=date(2026, 12, 1)) == 2027
    assert service.missing_year(session, today=date(2026, 11, 30)) is None  # not before Dec 1
    _load(session, NOTICE_2027.encode())
    rows = {r.year: r for r in service.list_years(session, today=date(2026, 12, 1))}
    assert rows[2027].kind == "国务院通知（已载入）" and rows[2027].loaded_by == "pboc-city"
    assert (rows[2027].holidays, rows[2027].workdays) == (10, 1)
    assert service.missing_year(session, today=date(2026, 12, 1)) is None


def test_a_demand_of_2026_12_28_gets_a_provisional_deadline_that_loading_2027_recomputes(
    session: Session,
) -> None:
    assembly.wire()
    enterprise = create_enterprise_user(session)
    bank = create_bank_user(session)
    product = publish(session, bank)
    demand = demands.post_demand(
        session,
        settings=get_settings(),
        principal=enterprise,
        data=DemandCreate(
            amount=Decimal("500000"),
            term_months=12,
            purpose="购买原材料",
            guarantee_offered="credit",
            product_id=product,
        ),
        now=MONDAY_2026_12_28,
    )
    # 12-29, 12-30, 12-31, 01-01 (a Friday, counted provisionally), 01-04
    assert (demand.deadline, demand.deadline_provisional) == (date(2027, 1, 4), True)
    demands.accept_demand(
        session, settings=get_settings(), principal=bank, demand_id=demand.id, now=MONDAY_2026_12_28
    )
    view = demands.get_demand(session, principal=bank, demand_id=demand.id, now=MONDAY_2026_12_28)
    assert view.clock is not None and view.clock.label == "剩余 5 个工作日（暂定）"

    _load(session, NOTICE_2027.encode())

    session.refresh(demand)
    # New Year's Day is off in the notice: 12-29, 12-30, 12-31, 01-04, 01-05
    assert (demand.deadline, demand.deadline_provisional) == (date(2027, 1, 5), False)
    logged = session.scalars(
        select(AuditEntry).where(
            AuditEntry.object_type == "Demand",
            AuditEntry.object_id == str(demand.id),
            AuditEntry.action == "update",
        )
    ).all()
    assert any(e.after is not None and e.after.get("deadline") == "2027-01-05" for e in logged), (
        "the recomputed deadline is in the audit log"
    )


def test_a_failing_listener_loads_nothing(session: Session) -> None:
    def broken(_session: Session, _event: service.YearLoaded) -> None:
        raise RuntimeError("listener bug")

    service.YEAR_LOADED.subscribe(broken)
    try:
        with pytest.raises(RuntimeError), session.begin_nested():
            _load(session, NOTICE_2027.encode())
    finally:
        service.YEAR_LOADED._subscribers.remove(broken)
    assert service.work_calendar(session).source_of(2027) == "provisional"
