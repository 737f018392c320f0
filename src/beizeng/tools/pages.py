"""HTML pages of the tools: the overview, one relending batch, and the checker's decisions
(issue 12, point 3: two-person approval from authenticated people).

Each decision route declares its action (``relending.approve``, ``rediscount.approve``,
``subsidy.approve``: the policy asks for a session opened with a second factor) and the service
asks again and refuses the maker. What a viewer reads is scoped in the tools' queries
(``tools.scope``), never here.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi import Path as FastPath
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from beizeng.access.principal import Principal
from beizeng.config import Settings
from beizeng.errors import InvalidInput
from beizeng.http.deps import Db, Id, Now, SettingsDep, allow
from beizeng.http.listing import listing
from beizeng.http.templating import render
from beizeng.kit.clock import china_date
from beizeng.kit.periods import Quarter
from beizeng.kit.text import OptionalLine, upload_name
from beizeng.tools import service
from beizeng.tools.guarantee import pages as guarantee_pages
from beizeng.tools.rediscount import service as rediscount
from beizeng.tools.rediscount.service import BillInput
from beizeng.tools.relending import applications
from beizeng.tools.relending import service as relending
from beizeng.tools.relending.batchfile import read_batch_file
from beizeng.tools.relending.rules import PROGRAMMES, TERMS, ClaimLine
from beizeng.tools.subsidy import service as subsidy
from beizeng.tools.supporttool import service as supporttool

router = APIRouter()
router.include_router(guarantee_pages.router)

Reason = Annotated[str, Form(min_length=1, max_length=300)]
Programme = Annotated[str, Form(pattern="^(relending_agri|relending_smb|carbon|coal)$")]
Term = Annotated[str, Form(pattern="^(3m|6m|1y)$")]


def _uploaded_lines(upload: UploadFile, settings: Settings) -> tuple[list[ClaimLine], str]:
    """The lines of an uploaded batch file (CSV or XLSX), read from a scratch copy."""
    name = upload_name(upload.filename or "申请批次.csv")
    scratch = settings.resolved_home / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="relending-", dir=scratch))
    try:
        path = folder / name
        with path.open("wb") as out:
            shutil.copyfileobj(upload.file, out)
        return read_batch_file(path, max_bytes=settings.max_upload_bytes), name
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@router.get("/tools", response_class=HTMLResponse)
def overview(
    request: Request, db: Db, actor: Annotated[Principal, allow("tools.read")], now: Now
) -> Response:
    """Every tool; the support-tool lines, the batches, the bills and each programme's claims
    sorted, filtered and paged on the server, each its own listing (issue 14 point 4)."""
    view = service.overview(db, principal=actor, on=china_date(now))
    return render(
        request,
        "tools.html",
        view=view,
        **_ledgers(request, view),
        today=china_date(now),
        PROGRAMMES=PROGRAMMES,
        BATCH_STATUS=relending.STATUS,
        BILL_STATUS=rediscount.STATUS,
        CLAIM_STATUS=subsidy.STATUS,
    )


def _ledgers(request: Request, view: service.ToolsOverview) -> dict[str, Any]:
    """The overview's long tables as listings, kept apart by their query prefixes."""
    names = view.names or {}

    def bank(row: Any) -> str:
        return names.get(row.institution_code, row.institution_code)

    def line_bank(row: supporttool.ConfirmableLine) -> str:
        return names.get(row.line.institution, row.line.institution)

    support = listing(
        request,
        view.support_lines,
        sorts={
            "quarter": lambda c: c.quarter,
            "bank": line_bank,
            "opening": lambda c: c.line.opening,
            "closing": lambda c: c.line.closing,
            "increase": lambda c: c.line.increase,
            "amount": lambda c: c.line.amount,
        },
        filters={"quarter": lambda c: c.quarter, "bank": line_bank},
        prefix="support_",
    )
    batches = listing(
        request,
        view.batches,
        sorts={
            "id": lambda b: b.id,
            "programme": lambda b: PROGRAMMES[b.programme],
            "bank": bank,
            "status": lambda b: relending.STATUS[b.status],
            "eligible": lambda b: b.eligible_amount,
            "rate": lambda b: b.rate,
            "draw": lambda b: b.draw_date,
            "maturity": lambda b: b.maturity_date,
            "outstanding": lambda b: b.outstanding,
        },
        filters={
            "bank": bank,
            "programme": lambda b: PROGRAMMES[b.programme],
            "status": lambda b: relending.STATUS[b.status],
        },
        prefix="batches_",
    )
    bills = listing(
        request,
        view.bills,
        sorts={
            "bill": lambda b: b.bill_no,
            "bank": bank,
            "amount": lambda b: b.amount,
            "maturity": lambda b: b.maturity_date,
            "status": lambda b: rediscount.STATUS[b.status],
            "interest": lambda b: b.interest,
        },
        filters={
            "bill": lambda b: b.bill_no,
            "bank": bank,
            "status": lambda b: rediscount.STATUS[b.status],
        },
        prefix="bills_",
    )
    claims = {
        r.programme.code: listing(
            request,
            r.claims,
            sorts={
                "id": lambda c: c.id,
                "bank": bank,
                "loan": lambda c: c.loan_id,
                "borrower": lambda c: c.borrower_name,
                "amount": lambda c: c.amount,
                "status": lambda c: subsidy.STATUS[c.status],
            },
            filters={
                "bank": bank,
                "borrower": lambda c: c.borrower_name,
                "status": lambda c: subsidy.STATUS[c.status],
            },
            prefix=f"claims_{r.programme.code}_",
        )
        for r in view.programmes
    }
    return {"support": support, "batches": batches, "bills": bills, "claims": claims}


@router.get("/tools/relending/new", response_class=HTMLResponse)
def new_application(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("relending.apply")],
    now: Now,
    programme: Annotated[str, Query(pattern="^(relending_agri|relending_smb|carbon|coal)$")] = (
        "relending_smb"
    ),
    term: Annotated[str, Query(pattern="^(3m|6m|1y)$")] = "1y",
) -> Response:
    """The bank's application: each loan of its current ledger with its eligibility and
    reasons under the chosen programme; the bank picks loans (or uploads a file) and submits."""
    view = applications.preview(
        db, principal=actor, programme=programme, term=term, on=china_date(now)
    )
    return render(
        request, "tools_relending_new.html", preview=view, PROGRAMMES=PROGRAMMES, TERMS=TERMS
    )


@router.post("/tools/relending/apply")
def apply(
    db: Db,
    actor: Annotated[Principal, allow("relending.apply")],
    now: Now,
    settings: SettingsDep,
    programme: Programme,
    term: Term,
    loan_ids: Annotated[list[Annotated[str, Form(max_length=64)]] | None, Form()] = None,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Submit the application: the picked loans, or the uploaded file's."""
    if file is not None and file.filename:
        lines, name = _uploaded_lines(file, settings)
    else:
        lines, name = (
            applications.picked_lines(db, principal=actor, loan_ids=loan_ids or []),
            "勾选的贷款",
        )
    view = applications.apply(
        db,
        principal=actor,
        programme=programme,
        term=term,
        lines=lines,
        applied_on=china_date(now),
        settings=settings,
        now=now,
        file=name,
    )
    return RedirectResponse(f"/tools/relending/{view.id}", status_code=303)


@router.post("/tools/relending/{batch_id}/review")
def review_batch(
    db: Db,
    actor: Annotated[Principal, allow("relending.review")],
    now: Now,
    settings: SettingsDep,
    batch_id: Id,
    decision: Annotated[str, Form(pattern="^(pass|return)$")],
    remarks: Annotated[OptionalLine, Form(max_length=300)] = "",
) -> Response:
    """The pboc maker's review: passed on to a checker, or returned to the bank with remarks."""
    applications.review(
        db,
        principal=actor,
        batch_id=batch_id,
        accept=decision == "pass",
        remarks=remarks,
        settings=settings,
        now=now,
    )
    return RedirectResponse(f"/tools/relending/{batch_id}", status_code=303)


@router.get("/tools/relending/{batch_id}", response_class=HTMLResponse)
def batch(
    request: Request,
    db: Db,
    actor: Annotated[Principal, allow("tools.read")],
    now: Now,
    batch_id: Id,
) -> Response:
    page = service.batch_page(db, principal=actor, batch_id=batch_id)
    return render(
        request,
        "tools_batch.html",
        batch=page.batch,
        institution_name=page.institution_name,
        decide=page.decide,
        review=page.review,
        today=china_date(now),
        PROGRAMMES=PROGRAMMES,
        BATCH_STATUS=relending.STATUS,
    )


@router.post("/tools/relending/{batch_id}/approve")
def approve_batch(
    db: Db,
    actor: Annotated[Principal, allow("relending.approve")],
    now: Now,
    settings: SettingsDep,
    batch_id: Id,
    draw_date: Annotated[date, Form()],
) -> Response:
    """The checker approves the draw (never the maker nor the reviewer; signed in with a second
    factor); the bank is told."""
    applications.approve(
        db, principal=actor, batch_id=batch_id, draw_date=draw_date, settings=settings, now=now
    )
    return RedirectResponse(f"/tools/relending/{batch_id}", status_code=303)


@router.post("/tools/relending/{batch_id}/reject")
def reject_batch(
    db: Db,
    actor: Annotated[Principal, allow("relending.approve")],
    now: Now,
    settings: SettingsDep,
    batch_id: Id,
    reason: Reason,
) -> Response:
    applications.reject(
        db, principal=actor, batch_id=batch_id, reason=reason, settings=settings, now=now
    )
    return RedirectResponse(f"/tools/relending/{batch_id}", status_code=303)


@router.post("/tools/rediscount/serve")
def serve_rediscount(
    db: Db,
    actor: Annotated[Principal, allow("rediscount.approve")],
    now: Now,
    settings: SettingsDep,
    bank: Annotated[str, Form(min_length=1, max_length=32)],
    discount_date: Annotated[date, Form()],
) -> Response:
    """The checker serves a bank's queue of bills within its quota (never bills they entered)."""
    rediscount.serve_and_tell(
        db,
        principal=actor,
        institution_code=bank,
        discount_date=discount_date,
        settings=settings,
        now=now,
    )
    return RedirectResponse("/tools#rediscount", status_code=303)


@router.post("/tools/subsidy/claims/{claim_id}/approve")
def approve_claim(
    db: Db,
    actor: Annotated[Principal, allow("subsidy.approve")],
    now: Now,
    claim_id: Id,
) -> Response:
    subsidy.approve_claim(db, principal=actor, claim_id=claim_id, now=now)
    return RedirectResponse("/tools#subsidy", status_code=303)


@router.post("/tools/subsidy/claims/{claim_id}/reject")
def reject_claim(
    db: Db,
    actor: Annotated[Principal, allow("subsidy.approve")],
    now: Now,
    claim_id: Id,
    reason: Reason,
) -> Response:
    subsidy.reject_claim(db, principal=actor, claim_id=claim_id, reason=reason, now=now)
    return RedirectResponse("/tools#subsidy", status_code=303)


@router.post("/tools/rediscount/apply")
def apply_rediscount(
    db: Db,
    actor: Annotated[Principal, allow("rediscount.apply")],
    now: Now,
    settings: SettingsDep,
    bill_no: Annotated[OptionalLine, Form(max_length=40)] = "",
    drawer: Annotated[OptionalLine, Form(max_length=120)] = "",
    acceptor: Annotated[OptionalLine, Form(max_length=120)] = "",
    amount: Annotated[Decimal | None, Form(gt=0, le=Decimal("1e12"), decimal_places=2)] = None,
    maturity_date: Annotated[date | None, Form(ge=date(2000, 1, 1), le=date(2100, 12, 31))] = None,
    green: Annotated[bool, Form()] = False,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """A bank queues its bills: one typed in, or a list uploaded (green bills served first)."""
    if file is not None and file.filename:
        bills, name = _uploaded_bills(file, settings)
    else:
        bills, name = _typed_bill(bill_no, drawer, acceptor, amount, maturity_date, green), "票据"
    rediscount.apply_own_bills(
        db,
        principal=actor,
        bills=bills,
        applied_on=china_date(now),
        settings=settings,
        now=now,
        file=name,
    )
    return RedirectResponse("/tools#rediscount", status_code=303)


def _typed_bill(
    bill_no: str,
    drawer: str,
    acceptor: str,
    amount: Decimal | None,
    maturity_date: date | None,
    green: bool,
) -> list[BillInput]:
    missing = [
        label
        for label, value in (
            ("票据号码", bill_no),
            ("出票人", drawer),
            ("承兑人", acceptor),
            ("票面金额", amount),
            ("到期日", maturity_date),
        )
        if not value
    ]
    if missing:
        raise InvalidInput(f"请填写{'、'.join(missing)}，或上传票据清单。")
    assert amount is not None and maturity_date is not None
    return [BillInput(1, bill_no, drawer, acceptor, amount, maturity_date, green)]


def _uploaded_bills(upload: UploadFile, settings: Settings) -> tuple[list[BillInput], str]:
    name = upload_name(upload.filename or "票据清单.csv")
    scratch = settings.resolved_home / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="bills-", dir=scratch))
    try:
        path = folder / name
        with path.open("wb") as out:
            shutil.copyfileobj(upload.file, out)
        return rediscount.read_bill_file(path, max_bytes=settings.max_upload_bytes), name
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@router.post("/tools/subsidy/claims")
def file_claim(
    db: Db,
    actor: Annotated[Principal, allow("subsidy.claim")],
    now: Now,
    settings: SettingsDep,
    programme_code: Annotated[str, Form(min_length=1, max_length=32)],
    loan_id: Annotated[str, Form(min_length=1, max_length=64)],
    days: Annotated[int | None, Form(ge=1, le=366)] = None,
    loss: Annotated[Decimal | None, Form(gt=0, le=Decimal("1e12"), decimal_places=2)] = None,
) -> Response:
    """A bank files a subsidy or risk-compensation claim for a loan of its current ledger."""
    subsidy.file_claim(
        db,
        principal=actor,
        programme_code=programme_code,
        loan_id=loan_id,
        days=days or 0,
        loss=loss,
        settings=settings,
        now=now,
    )
    return RedirectResponse("/tools#subsidy", status_code=303)


@router.post("/tools/subsidy/claims/{claim_id}/review")
def review_claim(
    db: Db,
    actor: Annotated[Principal, allow("subsidy.enter")],
    now: Now,
    claim_id: Id,
    decision: Annotated[str, Form(pattern="^(pass|return)$")],
    remarks: Annotated[OptionalLine, Form(max_length=300)] = "",
) -> Response:
    """The sponsoring department's first reviewer passes a bank's claim on, or returns it."""
    subsidy.review_claim(
        db,
        principal=actor,
        claim_id=claim_id,
        accept=decision == "pass",
        remarks=remarks,
        now=now,
    )
    return RedirectResponse("/tools#subsidy", status_code=303)


@router.post("/tools/support-tool/{quarter}/confirm")
def confirm_statement(
    db: Db,
    actor: Annotated[Principal, allow("supporttool.confirm")],
    now: Now,
    quarter: Annotated[str, FastPath(pattern=r"^\d{4}Q[1-4]$")],
    note: Annotated[OptionalLine, Form(max_length=300)] = "",
) -> Response:
    """The bank confirms its line of the quarter's support-tool statement."""
    supporttool.confirm(db, principal=actor, quarter=Quarter.parse(quarter), note=note, now=now)
    return RedirectResponse("/tools#support-tool", status_code=303)
