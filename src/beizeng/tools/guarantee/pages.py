"""HTML pages of the guarantor's book (C-3.4.4, C-4.2.1, C-4.2.2; issue 13 point 2): net assets,
guaranteed ledger loans, fees, compensations and recoveries, and the leverage chart, on the
guarantor's page and pboc's. Mounted by ``tools.pages``; what a viewer reads is decided in
``guarantee.desk`` (``tools.scope.readable_agency``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi import Path as FastPath
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Id, Now, allow
from beizeng.http.listing import listing
from beizeng.http.templating import render
from beizeng.kit.clock import china_date
from beizeng.tools import service
from beizeng.tools.guarantee import desk
from beizeng.tools.guarantee.leverage_chart import leverage_chart

router = APIRouter()

Yuan = Annotated[Decimal, Form(gt=0, le=Decimal("1e12"), max_digits=15, decimal_places=2)]
Day = Annotated[date, Form(ge=date(2000, 1, 1), le=date(2100, 12, 31))]

AgencyCode = Annotated[str, FastPath(min_length=1, max_length=32, description="担保机构代码")]


@router.get("/tools/guarantee", response_class=HTMLResponse)
def guarantee_agencies(
    request: Request, db: Db, actor: Annotated[Principal, allow("tools.read")], now: Now
) -> Response:
    """A guarantor goes to its own book; pboc and gov see every agency's leverage."""
    own = desk.own_agency_code(db, principal=actor)
    if own:
        return RedirectResponse(f"/tools/guarantee/{own}", status_code=303)
    agencies = desk.readable_agencies(db, principal=actor)
    books = [
        desk.agency_book(db, principal=actor, code=a.code, on=china_date(now)) for a in agencies
    ]
    listed = listing(
        request, books, sorts=AGENCY_SORTS, filters={"agency": lambda b: b.agency.name}
    )
    return render(request, "tools_guarantees.html", books=listed)


def _latest(field: str) -> Callable[[desk.AgencyBook], Any]:
    """The agency's latest month-end ``field`` (None before any)."""
    return lambda book: getattr(book.latest, field) if book.latest else None


AGENCY_SORTS: dict[str, Callable[[desk.AgencyBook], Any]] = {
    "agency": lambda b: b.agency.name,
    "balance": _latest("balance"),
    "net_assets": _latest("net_assets"),
    "leverage": _latest("leverage"),
    "cap": _latest("cap"),
}
"""The agencies' sortable columns (by code unless another sort is asked)."""


LOAN_SORTS: dict[str, Callable[[desk.GuaranteedRow], Any]] = {
    "loan": lambda r: r.loan.loan_id,
    "borrower": lambda r: r.loan.borrower_name,
    "amount": lambda r: r.loan.amount,
    "start": lambda r: r.loan.start_date,
    "status": lambda r: desk.LOAN_STATUS[r.loan.status],
}
"""The guaranteed loans' sortable columns (in the book's order unless another sort is asked)."""


@router.get("/tools/guarantee/{code}", response_class=HTMLResponse)
def guarantee_book(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("tools.read")],
    now: Now,
    code: AgencyCode,
) -> Response:
    book = desk.agency_book(db, principal=actor, code=code, on=china_date(now))
    names = service.institution_names(db)
    loans = listing(
        request,
        book.rows,
        sorts=LOAN_SORTS,
        filters={
            "loan": lambda r: r.loan.loan_id,
            "bank": lambda r: names.get(r.agreement.institution_code, ""),
            "borrower": lambda r: r.loan.borrower_name,
            "status": lambda r: desk.LOAN_STATUS[r.loan.status],
        },
        prefix="loans_",
    )
    return render(
        request,
        "tools_guarantee.html",
        book=book,
        loans=loans,
        record=service.offer(actor, "guarantee.record"),
        names=names,
        LOAN_STATUS=desk.LOAN_STATUS,
        today=china_date(now),
    )


@router.get("/tools/guarantee/{code}/leverage.png")
def guarantee_chart(
    db: Db, actor: Annotated[Principal, allow("tools.read")], now: Now, code: AgencyCode
) -> Response:
    """The leverage chart (PNG) of the last twelve month ends against the cap."""
    book = desk.agency_book(db, principal=actor, code=code, on=china_date(now))
    return Response(leverage_chart(book.agency.name, book.leverage), media_type="image/png")


@router.post("/tools/guarantee/net-assets")
def guarantee_net_assets(
    db: Db,
    actor: Annotated[Principal, allow("guarantee.record")],
    as_of: Day,
    net_assets: Yuan,
) -> Response:
    desk.record_net_assets(db, principal=actor, as_of=as_of, net_assets=net_assets)
    return RedirectResponse(
        f"/tools/guarantee/{actor.institution_code}#net-assets", status_code=303
    )


@router.post("/tools/guarantee/loans")
def guarantee_loan(
    db: Db,
    actor: Annotated[Principal, allow("guarantee.record")],
    institution_code: Annotated[str, Form(min_length=1, max_length=32)],
    loan_id: Annotated[str, Form(min_length=1, max_length=64)],
    start: Day,
    end: Day,
    amount: Annotated[Decimal | None, Form(gt=0, le=Decimal("1e12"), decimal_places=2)] = None,
) -> Response:
    desk.record_loan(
        db,
        principal=actor,
        institution_code=institution_code,
        loan_id=loan_id,
        start=start,
        end=end,
        amount=amount,
    )
    return RedirectResponse(f"/tools/guarantee/{actor.institution_code}#loans", status_code=303)


@router.post("/tools/guarantee/loans/{loan_id}/compensation")
def guarantee_compensation(
    db: Db,
    actor: Annotated[Principal, allow("guarantee.record")],
    loan_id: Id,
    loss: Yuan,
    paid_on: Day,
) -> Response:
    desk.record_compensation(
        db, principal=actor, guaranteed_loan_id=loan_id, loss=loss, paid_on=paid_on
    )
    return RedirectResponse(f"/tools/guarantee/{actor.institution_code}#loans", status_code=303)


@router.post("/tools/guarantee/loans/{loan_id}/recovery")
def guarantee_recovery(
    db: Db,
    actor: Annotated[Principal, allow("guarantee.record")],
    loan_id: Id,
    amount: Yuan,
) -> Response:
    desk.record_recovery(db, principal=actor, guaranteed_loan_id=loan_id, amount=amount)
    return RedirectResponse(f"/tools/guarantee/{actor.institution_code}#loans", status_code=303)
