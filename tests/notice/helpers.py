"""A small registry for the follow-up tests: a noticed bank, its superior management bank (in
the registry, matched by name), an unrelated bank and a county bank, with one user each, and
notices recorded as ``reports.issue_notices`` records them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.config import Settings
from beizeng.models.institution import Institution
from beizeng.models.monitor import SupervisionNotice
from tests.account.factories import create_bank_user, create_institution, create_user
from tests.monitor.platform_data import publish_lists

ISSUED = datetime(2022, 7, 15, 2, 0, tzinfo=UTC)  # Friday 2022-07-15, 10:00 in Lüliang
DEADLINE = date(2022, 8, 5)  # 15 working days later
LISTS_PUBLISHED = datetime(2022, 6, 1, 2, 0, tzinfo=UTC)  # before the 2022-06-30 deadline


def lists_published(session: Session, *banks: Principal) -> None:
    """Each bank publishes its four lists in time (C-3.4.1), so that a follow-up test's banks
    fail only the ledger targets it is about, not the plan's platform targets."""
    for bank in banks:
        publish_lists(session, bank, LISTS_PUBLISHED)


@dataclass
class Registry:
    noticed: Institution
    superior: Institution
    other: Institution
    county_bank: Institution
    bank: Principal
    superior_bank: Principal
    other_bank: Principal
    county_user: Principal
    pboc: Principal
    county_pboc: Principal
    gov: Principal


def registry(session: Session) -> Registry:
    superior = create_institution(session, name="甲银行山西省分行", superior=None)
    noticed = create_institution(session, name="甲银行吕梁分行", superior="甲银行山西省分行")
    other = create_institution(session, name="乙银行吕梁分行", superior="乙银行山西省分行")
    county = create_institution(
        session,
        name="兴县农村信用合作联社",
        category="rural_bank",
        legal_scope="local",
        county_code="141123",
        superior="吕梁市农村信用合作社联合社",
    )
    return Registry(
        noticed,
        superior,
        other,
        county,
        create_bank_user(session, noticed),
        create_bank_user(session, superior),
        create_bank_user(session, other),
        create_bank_user(session, county),
        create_user(session, "pboc"),
        create_user(session, "pboc", county_code="141123"),
        create_user(session, "gov"),
    )


def notice(
    session: Session,
    institution: Institution,
    *,
    period: str = "2022-06",
    deadline: date | None = DEADLINE,
    letter: bool = True,
    home: Path | None = None,
) -> SupervisionNotice:
    """A notice as issuing records it (documents under ``home`` when given)."""
    row = SupervisionNotice(
        period=period,
        plan_id="lvliang-2022",
        institution_id=institution.id,
        superior=institution.superior,
        targets=["first_loan_borrowers"],
        notice_path=f"notices/{period}/{institution.code}_notice.docx",
        letter_path=f"notices/{period}/{institution.code}_letter.docx" if letter else None,
        issued_by="pboc_admin",
        issued_at=ISSUED,
        number=f"银吕督〔2022〕{institution.id}号",
        letter_number=f"银吕函〔2022〕{institution.id}号" if letter else None,
        issued_on=ISSUED.date(),
        deadline=deadline,
    )
    session.add(row)
    session.flush()
    if home is not None:
        for path in (row.notice_path, row.letter_path):
            if path:
                (home / path).parent.mkdir(parents=True, exist_ok=True)
                (home / path).write_bytes(b"PK docx of " + path.encode())
    return row


def settings(home: Path) -> Settings:
    return Settings(home=home, database_url="sqlite://")
