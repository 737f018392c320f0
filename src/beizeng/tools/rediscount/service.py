"""Use cases of rediscount (C-3.2.3): queue bills, serve the queue by priority within the quota,
and report the rediscount balance by bank.

Entering bills (``rediscount.enter``) and serving the queue (``rediscount.approve``: a second
person, signed in with a second factor) take the acting :class:`Principal` and ask the policy
themselves, so the web and the command line are checked alike (issue 12, point 3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.config import Settings
from beizeng.errors import DataInvalid, InvalidInput, Problem
from beizeng.institution.service import require_institution
from beizeng.kit import numbers
from beizeng.kit.approval import check_two_people
from beizeng.kit.money import to_fen
from beizeng.kit.periods import Period
from beizeng.kit.tabular import read_table
from beizeng.models.tools import RediscountBill
from beizeng.notification import service as notifications
from beizeng.tools.parameter.service import parameter_book
from beizeng.tools.rediscount import rules
from beizeng.tools.rediscount.repository import RediscountRepository

TOOL = "rediscount"
STATUS = {"pending": "排队中", "discounted": "已贴现"}
"""A bill's state as people read it: queued, or served (C-3.2.3)."""
ALIASES = {
    "bill_no": "bill_no",
    "票据号码": "bill_no",
    "票号": "bill_no",
    "drawer": "drawer",
    "出票人": "drawer",
    "acceptor": "acceptor",
    "承兑人": "acceptor",
    "amount": "amount",
    "票面金额": "amount",
    "金额": "amount",
    "maturity_date": "maturity_date",
    "到期日": "maturity_date",
    "green": "green",
    "绿色票据": "green",
}
TRUE = {"是", "true", "1", "y", "yes"}


@dataclass(frozen=True)
class BillInput:
    row: int
    bill_no: str
    drawer: str
    acceptor: str
    amount: Decimal
    maturity_date: date
    green: bool


def read_bill_file(path: Path, *, max_bytes: int) -> list[BillInput]:
    """The bills of a file, refused whole when any cell breaks a rule; ``max_bytes`` is the
    caller's upload limit (``Settings.max_upload_bytes``)."""
    table = read_table(
        path,
        aliases=ALIASES,
        required=tuple(dict.fromkeys(ALIASES.values())),
        max_bytes=max_bytes,
    )
    problems: list[Problem] = []
    out: list[BillInput] = []
    for row, number in zip(table.rows, table.numbers, strict=True):
        try:
            amount = Decimal(row["amount"].replace(",", ""))
        except InvalidOperation:
            problems.append(
                Problem(table.name, number, "amount", row["amount"], "票面金额须为数字")
            )
            continue
        try:
            maturity = date.fromisoformat(row["maturity_date"])
        except ValueError:
            problems.append(
                Problem(
                    table.name, number, "maturity_date", row["maturity_date"], "日期须为 YYYY-MM-DD"
                )
            )
            continue
        for column in ("bill_no", "drawer", "acceptor"):
            if not row[column]:
                problems.append(Problem(table.name, number, column, "", "不能为空"))
        out.append(
            BillInput(
                number,
                row["bill_no"],
                row["drawer"],
                row["acceptor"],
                amount,
                maturity,
                row["green"].strip().lower() in TRUE,
            )
        )
    if problems:
        raise DataInvalid(problems)
    return out


def apply_bills(
    session: Session,
    *,
    principal: Principal,
    institution_code: str,
    bills: list[BillInput],
    applied_on: date,
    file: str = "票据清单",
) -> list[RediscountBill]:
    """Queue a bank's bills (``principal``, pboc at the desk, enters them); any bad bill refuses
    the whole list (nothing stored)."""
    authorize(principal, "rediscount.enter")
    return _queue(
        session,
        entered_by=principal.username,
        institution_code=institution_code,
        bills=bills,
        applied_on=applied_on,
        file=file,
    )


def apply_own_bills(
    session: Session,
    *,
    principal: Principal,
    bills: list[BillInput],
    applied_on: date,
    settings: Settings,
    now: datetime,
    file: str = "票据清单",
) -> list[RediscountBill]:
    """A bank asks to rediscount its own bills (C-3.2.3; issue 13 point 2): they join the queue
    (green bills are served first) and every pboc user is told they wait; any bad bill refuses
    the whole list, nothing stored."""
    authorize(principal, "rediscount.apply")
    if not principal.institution_code:
        raise InvalidInput("当前账户不属于任何银行，不能申请再贴现。")
    rows = _queue(
        session,
        entered_by=principal.username,
        institution_code=principal.institution_code,
        bills=bills,
        applied_on=applied_on,
        file=file,
    )
    green = sum(1 for b in rows if b.green)
    notifications.notify_role(
        session,
        role="pboc",
        message=notifications.Message(
            kind="approval_waiting",
            title=f"{principal.institution_name or principal.institution_code}申请再贴现票据 "
            f"{len(rows)} 张（绿色票据 {green} 张），待办理",
            link="/tools#rediscount",
            dedupe_key=f"rediscount:{rows[0].id}",
        ),
        settings=settings,
        now=now,
    )
    return rows


def _queue(
    session: Session,
    *,
    entered_by: str,
    institution_code: str,
    bills: list[BillInput],
    applied_on: date,
    file: str,
) -> list[RediscountBill]:
    if not bills:
        raise InvalidInput("请至少填写一张票据。")
    repo = RediscountRepository(session)
    bank = require_institution(session, institution_code)
    max_days = int(parameter_book(session).get(TOOL, "max_remaining_days", applied_on))
    known = repo.known_numbers([b.bill_no for b in bills])
    problems: list[Problem] = []
    for bill in bills:
        problems += rules.bill_problems(
            file,
            bill.row,
            bill.bill_no,
            bill.amount,
            bill.maturity_date,
            applied_on,
            max_days=max_days,
            known=known,
        )
        known.add(bill.bill_no)
    if problems:
        raise DataInvalid(
            problems, summary=f"票据清单有 {len(problems)} 处问题，整单退回，未登记任何票据。"
        )
    actor = entered_by
    rows = [
        RediscountBill(
            institution_code=bank.code,
            bill_no=b.bill_no,
            drawer=b.drawer,
            acceptor=b.acceptor,
            amount=to_fen(b.amount),
            maturity_date=b.maturity_date,
            green=b.green,
            applied_on=applied_on,
            entered_by=actor,
        )
        for b in bills
    ]
    repo.add_all(rows)
    session.flush()
    return rows


@dataclass(frozen=True)
class QueueResult:
    served: list[RediscountBill]
    waiting: list[RediscountBill]
    quota: Decimal | None
    used: Decimal


def serve_queue(
    session: Session, *, principal: Principal, institution_code: str, discount_date: date
) -> QueueResult:
    """The checker (``principal``) serves the bank's queue on ``discount_date``: green bills
    first, each bill discounted at the rate in force if it fits in the quota; the rest keep
    waiting. The checker must have entered none of the queued bills (maker-checker)."""
    authorize(principal, "rediscount.approve")
    repo = RediscountRepository(session)
    actor = principal.username
    book = parameter_book(session)
    pending = repo.pending(institution_code, applied_by=discount_date)
    by_maker: dict[str, list[str]] = {}
    for bill in pending:
        by_maker.setdefault(bill.entered_by, []).append(bill.bill_no)
    for maker, bill_nos in by_maker.items():
        check_two_people(maker, actor, what=f"票据 {'、'.join(bill_nos[:5])}", act="办理")
    quota = book.optional_decimal(TOOL, "quota", discount_date, institution_code)
    used = to_fen(
        sum((b.amount for b in repo.outstanding(institution_code, discount_date)), Decimal(0))
    )
    room = Decimal("Infinity") if quota is None else quota - used
    rate = book.decimal(TOOL, "rate", discount_date)
    basis = int(book.get(TOOL, "day_basis", discount_date))
    by_key = {b.id: b for b in pending}
    queue = [
        rules.Bill(b.id, b.bill_no, b.amount, b.maturity_date, b.green, b.applied_on)
        for b in pending
    ]
    served = rules.serve(
        queue, room=room, green_first=bool(book.get(TOOL, "green_first", discount_date))
    )
    for item in served:
        row = by_key[item.key]
        days = (row.maturity_date - discount_date).days
        row.status, row.discount_date, row.rate, row.days = "discounted", discount_date, rate, days
        row.interest = rules.discount_interest(row.amount, rate, days, day_basis=basis)
        row.approved_by = actor
    session.flush()
    served_rows = [by_key[i.key] for i in served]
    waiting = [b for b in pending if b not in served_rows]
    return QueueResult(
        served_rows, waiting, quota, to_fen(used + sum((b.amount for b in served_rows), Decimal(0)))
    )


def serve_and_tell(
    session: Session,
    *,
    principal: Principal,
    institution_code: str,
    discount_date: date,
    settings: Settings,
    now: datetime,
) -> QueueResult:
    """Serve the bank's queue (``serve_queue``) and tell the bank's users what was discounted
    and what still waits (issue 13 point 2)."""
    result = serve_queue(
        session, principal=principal, institution_code=institution_code, discount_date=discount_date
    )
    if result.served:
        served = sum((b.amount for b in result.served), Decimal(0))
        notifications.notify_institution(
            session,
            institution_id=require_institution(session, institution_code).id,
            message=notifications.Message(
                kind="approval_done",
                title=f"再贴现已办理：{len(result.served)} 张票据 {numbers.money(served)}，"
                f"贴现日 {discount_date}；仍在排队 {len(result.waiting)} 张",
                link="/tools#rediscount",
                dedupe_key=f"rediscount:served:{result.served[0].id}",
            ),
            settings=settings,
            now=now,
        )
    return result


def rediscount_balance_by_bank(session: Session, period: Period) -> dict[str, Decimal]:
    """Face amount of discounted bills not yet matured at the period's month end."""
    out: dict[str, Decimal] = {}
    for bill in RediscountRepository(session).outstanding(None, period.end):
        out[bill.institution_code] = to_fen(
            out.get(bill.institution_code, Decimal(0)) + bill.amount
        )
    return dict(sorted(out.items()))


def list_bills(session: Session, *, principal: Principal) -> list[RediscountBill]:
    """The bills ``principal`` reads (a bank: its own; ``tools.scope``)."""
    authorize(principal, "tools.read")
    return RediscountRepository(session).bills(readable_by=principal)


def all_bills(session: Session, *, institution_code: str | None = None) -> list[RediscountBill]:
    """Every bill, of one bank or all: the server operator's list (``beizeng tools rediscount
    list``)."""
    return RediscountRepository(session).bills(institution_code=institution_code)
