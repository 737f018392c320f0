"""Use cases of the institution registry: import (all or nothing), lookup, listing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.config import Settings
from beizeng.errors import DataInvalid, Problem
from beizeng.institution import rules
from beizeng.institution.errors import BankNotFound, InstitutionNotFound
from beizeng.institution.repository import InstitutionRepository
from beizeng.kit.tabular import TabularFile, read_table
from beizeng.models.institution import Institution
from beizeng.reference.regions import LULIANG, is_luliang_county

ALIASES = {name: name for name in rules.COLUMNS} | rules.CHINESE_HEADERS


@dataclass
class RegistryImportSummary:
    """What a registry import did; every change is also in the audit log."""

    file: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def packaged_registry() -> Path:
    """The Lüliang registry the 2022 opinion addresses, shipped with beizeng."""
    return Path(str(resources.files("beizeng.institution") / "data" / "lvliang-2022.csv"))


def _validate(table: TabularFile) -> list[rules.InstitutionRecord]:
    problems: list[Problem] = []
    records: list[rules.InstitutionRecord] = []
    seen: dict[str, int] = {}

    def bad(row: int, column: str, value: str, rule: str) -> None:
        problems.append(Problem(table.name, row, column, value, rule))

    for number, row in zip(table.numbers, table.rows, strict=True):
        for column in rules.REQUIRED:
            if not row.get(column):
                bad(number, column, "", f"必填列「{column}」为空")
        code, category_raw = row.get("code", ""), row.get("category", "")
        scope_raw, county = row.get("legal_scope", ""), row.get("county_code", "")
        if code and (rule := rules.check_code(code)):
            bad(number, "code", code, rule)
        if code in seen:
            bad(number, "code", code, f"机构代码重复：与第 {seen[code]} 行相同")
        seen.setdefault(code, number)
        category = rules.parse_category(category_raw) if category_raw else None
        if category_raw and category is None:
            bad(number, "category", category_raw, "机构类别应为：" + "、".join(rules.CATEGORIES))
        scope = rules.parse_legal_scope(scope_raw) if scope_raw else None
        if scope_raw and scope is None:
            bad(
                number,
                "legal_scope",
                scope_raw,
                "法人属性应为 national（全国性）或 local（地方法人）",
            )
        if county and not (is_luliang_county(county) or county == LULIANG):
            bad(
                number,
                "county_code",
                county,
                "应为吕梁市（141100）或其所辖县（市、区）的 GB/T 2260 代码",
            )
        if category and scope and code and row.get("name") and county:
            records.append(
                rules.InstitutionRecord(
                    code=code,
                    name=row["name"],
                    category=category,
                    legal_scope=scope,
                    county_code=county,
                    superior=row.get("superior") or None,
                )
            )
    if problems:
        raise DataInvalid(
            problems, summary=f"机构名录 {table.name} 有 {len(problems)} 处错误，未导入任何机构。"
        )
    return records


def import_registry(session: Session, *, path: Path, settings: Settings) -> RegistryImportSummary:
    """Validate the whole file, then create or update institutions by code (all or nothing).

    Re-importing updates changed fields; the previous values stay in the audit log, so the
    registry's history is never lost. The size limit is the caller's ``settings``' (consolidation
    issue, point 3).
    """
    table = read_table(
        path,
        aliases=ALIASES,
        required=rules.REQUIRED,
        max_bytes=settings.max_upload_bytes,
    )
    records = _validate(table)
    repo = InstitutionRepository(session)
    existing = repo.by_codes([r.code for r in records])
    summary = RegistryImportSummary(file=table.name)
    for record in records:
        current = existing.get(record.code)
        values = {
            "name": record.name,
            "category": record.category,
            "legal_scope": record.legal_scope,
            "county_code": record.county_code,
            "superior": record.superior,
        }
        if current is None:
            repo.add(Institution(code=record.code, **values))
            summary.created.append(record.code)
        elif any(getattr(current, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            summary.updated.append(record.code)
        else:
            summary.unchanged.append(record.code)
    session.flush()
    return summary


def require_institution(session: Session, code: str) -> Institution:
    """The institution with ``code`` or ``InstitutionNotFound``."""
    institution = InstitutionRepository(session).get_by_code(code)
    if institution is None:
        raise InstitutionNotFound(code)
    return institution


def bank_by_code(session: Session, code: str) -> Institution:
    """The registered bank with ``code``, or ``BankNotFound``.

    Insurers and guarantors share the registry's codes but cannot take a demand, attend an event
    as a lender or follow a listed entity: every feature that names a bank asks here.
    """
    institution = InstitutionRepository(session).get_by_code(code)
    if institution is None or institution.category not in rules.BANK_CATEGORIES:
        raise BankNotFound(code)
    return institution


def bank_choices(session: Session) -> list[tuple[str, str]]:
    """Registered banks as (code, name) in code order, for the forms that pick a bank."""
    return [
        (i.code, i.name)
        for i in InstitutionRepository(session).list()
        if i.category in rules.BANK_CATEGORIES
    ]


def list_institutions(
    session: Session, *, category: str | None = None, legal_scope: str | None = None
) -> Sequence[Institution]:
    """Institutions in code order, optionally of one category or legal scope."""
    return InstitutionRepository(session).list(category=category, legal_scope=legal_scope)


def find_institution(session: Session, code: str) -> Institution | None:
    """The institution with ``code``, or None (for callers that raise their own error)."""
    return InstitutionRepository(session).get_by_code(code)


def institution_by_id(session: Session, institution_id: int) -> Institution | None:
    """The institution with the row id ``institution_id``, or None."""
    return InstitutionRepository(session).get_by_id(institution_id)


def institutions_by_codes(session: Session, codes: Sequence[str]) -> dict[str, Institution]:
    """Code → institution for the registered ones among ``codes`` (unknown codes are absent)."""
    return InstitutionRepository(session).by_codes(codes)


def bank_codes(session: Session) -> set[str]:
    """Codes of the registered banks (the institutions that can lend)."""
    return {code for code, _ in bank_choices(session)}
