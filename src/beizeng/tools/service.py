"""What the tool pages show a principal: the overview of every tool and one relending batch,
each with the decisions the viewer is offered.

The rows come scoped from the tools' own queries (``tools.scope``: a bank its own, pboc and gov
every bank); whether a decision is offered, and why it would be refused, comes from the policy
(``access.policy.decide``), so no page or template tests a role (CONVENTIONS rule 6).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize, decide, may
from beizeng.access.principal import Principal
from beizeng.institution.service import list_institutions
from beizeng.models.tools import RediscountBill
from beizeng.tools.guarantee import service as guarantee
from beizeng.tools.guarantee.desk import readable_agencies
from beizeng.tools.guarantee.service import LeverageAlert
from beizeng.tools.rediscount import service as rediscount
from beizeng.tools.relending import service as relending
from beizeng.tools.subsidy import service as subsidy
from beizeng.tools.supporttool.rules import SupportStatement
from beizeng.tools.supporttool.service import ConfirmableLine, lines_for, statements_for


@dataclass(frozen=True)
class Offer:
    """A decision a page may offer: shown to those whose role takes it, with the refusal a
    viewer without the second factor would get (so the page says so before they try)."""

    shown: bool
    refusal: str = ""


def offer(principal: Principal, action: str) -> Offer:
    decision = decide(principal, action)
    if decision.allowed:
        return Offer(True)
    return Offer(decision.needs_second_factor, decision.reason)


@dataclass(frozen=True)
class ToolsOverview:
    statements: list[SupportStatement]
    batches: list[relending.BatchView]
    bills: list[RediscountBill]
    queued_banks: list[str]
    """Banks with bills waiting to be served."""
    programmes: list[subsidy.ProgrammeReport]
    alerts: list[LeverageAlert]
    show_funds: bool
    """The funds' balances and the leverage alerts are for pboc and gov (``tools.supervise``)."""
    relending: Offer
    rediscount: Offer
    subsidy: Offer
    apply: Offer = Offer(False)
    """A bank's own relending application (``relending.apply``)."""
    support_lines: tuple[ConfirmableLine, ...] = ()
    names: dict[str, str] | None = None
    """Institution names by code: pages name banks, never by code alone."""
    confirm: Offer = Offer(False)
    bill_apply: Offer = Offer(False)
    claim: Offer = Offer(False)
    review_claims: Offer = Offer(False)
    guarantees: bool = False
    """Whether the viewer reads a guarantee agency's book (guarantors, pboc, gov)."""


def overview(session: Session, *, principal: Principal, on: date) -> ToolsOverview:
    """Every tool as ``principal`` reads it, on the day ``on`` (the leverage alerts)."""
    authorize(principal, "tools.read")
    bills = rediscount.list_bills(session, principal=principal)
    supervise = may(principal, "tools.supervise")
    return ToolsOverview(
        statements=statements_for(session, principal=principal),
        batches=relending.list_batches(session, principal=principal),
        bills=bills,
        queued_banks=sorted({b.institution_code for b in bills if b.status == "pending"}),
        programmes=[
            subsidy.programme_report(session, programme_code=p.code, principal=principal)
            for p in subsidy.list_programmes(session)
        ],
        alerts=guarantee.leverage_alerts(session, on=on) if supervise else [],
        show_funds=supervise,
        relending=offer(principal, "relending.approve"),
        rediscount=offer(principal, "rediscount.approve"),
        subsidy=offer(principal, "subsidy.approve"),
        apply=offer(principal, "relending.apply"),
        support_lines=tuple(lines_for(session, principal=principal)),
        names=institution_names(session),
        confirm=offer(principal, "supporttool.confirm"),
        bill_apply=offer(principal, "rediscount.apply"),
        claim=offer(principal, "subsidy.claim"),
        review_claims=offer(principal, "subsidy.enter"),
        guarantees=bool(readable_agencies(session, principal=principal)),
    )


def institution_names(session: Session) -> dict[str, str]:
    """Every registered institution's name by code (for the tool pages' tables)."""
    return {i.code: i.name for i in list_institutions(session)}


@dataclass(frozen=True)
class BatchPage:
    batch: relending.BatchView
    institution_name: str
    decide: Offer
    """Approve or reject, offered while the batch waits for the checker."""
    review: Offer = Offer(False)
    """The pboc maker's review, offered while a bank's application waits for it."""


def batch_page(session: Session, *, principal: Principal, batch_id: int) -> BatchPage:
    batch = relending.batch_view(session, principal=principal, batch_id=batch_id)
    pending = batch.status == "pending"
    submitted = batch.status == "submitted"
    return BatchPage(
        batch,
        institution_names(session).get(batch.institution_code, batch.institution_code),
        offer(principal, "relending.approve") if pending else Offer(False),
        offer(principal, "relending.review") if submitted else Offer(False),
    )
