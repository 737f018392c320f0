"""Reading a relending batch file (CSV or XLSX): loan id, claimed balance, carbon disclosure."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from beizeng.errors import DataInvalid, Problem
from beizeng.kit.tabular import read_table
from beizeng.tools.relending.rules import ClaimLine

ALIASES = {
    "loan_id": "loan_id",
    "借据编号": "loan_id",
    "借据号": "loan_id",
    "balance": "balance",
    "贷款余额": "balance",
    "余额": "balance",
    "project_category": "project_category",
    "项目类别": "project_category",
    "emission_reduction_t": "emission_reduction_t",
    "碳减排量": "emission_reduction_t",
    "碳减排量（吨二氧化碳当量）": "emission_reduction_t",
}


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def read_batch_file(path: Path, *, max_bytes: int) -> list[ClaimLine]:
    """The file's lines, or ``DataInvalid`` naming every bad cell; nothing is half-read."""
    table = read_table(
        path,
        aliases=ALIASES,
        required=("loan_id", "balance"),
        max_bytes=max_bytes,
    )
    problems: list[Problem] = []
    lines: list[ClaimLine] = []
    for row, number in zip(table.rows, table.numbers, strict=True):
        loan_id = row.get("loan_id", "")
        balance = _decimal(row.get("balance", ""))
        if not loan_id:
            problems.append(Problem(table.name, number, "loan_id", "", "借据编号不能为空"))
        if balance is None or balance <= 0:
            problems.append(
                Problem(
                    table.name, number, "balance", row.get("balance", ""), "余额须为大于零的金额"
                )
            )
        emission_text = row.get("emission_reduction_t", "")
        emission = _decimal(emission_text) if emission_text else None
        if emission_text and emission is None:
            problems.append(
                Problem(
                    table.name, number, "emission_reduction_t", emission_text, "碳减排量须为数字"
                )
            )
        if loan_id and balance is not None and balance > 0:
            lines.append(
                ClaimLine(
                    row=number,
                    loan_id=loan_id,
                    balance=balance,
                    project_category=row.get("project_category") or None,
                    emission_reduction_t=emission,
                )
            )
    if problems:
        raise DataInvalid(problems)
    return lines
