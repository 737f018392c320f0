"""Why a loan counts in a metric, in the words a supervisor checks it by (issue 14 point 3).

Pure: a loan row (the ledger columns of ``ledger.rules`` and the snapshot's ``period_end``) and a
metric slug give the reason the row is counted, e.g. 「授信 800.00万元 < 1,000.00万元；小型企业；
经营性」, or ``None`` when the metric does not count it. The conditions restate the definitions
of ``ledger.classify`` and the registry's filters (``monitor.metrics``) from the raw columns, so
that the reason names the facts (the credit line against the plan's threshold, the borrower type,
the term in months); a property test holds them to the Ibis filters the evaluation runs, row for
row, so the words cannot drift from the numbers.

Definitions: 普惠小微 C-2.2.1 (PBoC caliber, 单户授信 < threshold) and C-4.5.1 (CBIRC caliber,
≤ threshold); credit loans C-2.2.4; private enterprises, manufacturing mid-long-term, green and
clean energy C-2.2.5; contact-intensive services C-2.2.6; first loans C-3.3.1.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from beizeng.kit import numbers
from beizeng.ledger import rules

LoanRow = Mapping[str, Any]
Reasoner = Callable[[LoanRow, rules.Classification], list[str] | None]

SEPARATOR = "；"

_BORROWERS = {
    "individual_business": rules.BORROWER_TYPES["individual_business"],
    "micro_owner": rules.BORROWER_TYPES["micro_owner"],
}


def _inclusive_borrower(row: LoanRow) -> str | None:
    """「小型企业」「微型企业」「个体工商户」「小微企业主」, or None for any other borrower."""
    kind = row.get("borrower_type")
    if kind == "enterprise":
        size = row.get("enterprise_size")
        if size in rules.INCLUSIVE_ENTERPRISE_SIZES:
            return f"{rules.ENTERPRISE_SIZES[size]}企业"
        return None
    return _BORROWERS.get(str(kind))


def _money(yuan: Decimal) -> str:
    """万元 with two decimals, more when two would round (授信 9,999,999.99 元 is
    「999.999999万元」, never a misleading 「1,000.00万元」 beside the threshold)."""
    wan = (yuan / numbers.MONEY_SCALES["万元"]).normalize()
    exponent = wan.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return numbers.money(yuan, decimals=max(2, places)).with_unit


def _inclusive(row: LoanRow, params: rules.Classification, *, cbirc: bool) -> list[str] | None:
    """The credit line against the plan's threshold (``<`` PBoC, ``≤`` CBIRC), the borrower,
    and the business purpose."""
    line = row.get("credit_line")
    who = _inclusive_borrower(row)
    if line is None or who is None or row.get("purpose") != "business":
        return None
    threshold = params.inclusive_threshold
    within = line <= threshold if cbirc else line < threshold
    if not within:
        return None
    sign = "≤" if cbirc else "<"
    return [f"授信 {_money(line)} {sign} {_money(threshold)}", who, rules.PURPOSES["business"]]


def _owing(reasons: list[str] | None, row: LoanRow) -> list[str] | None:
    """Borrowers count only while they owe something (DESIGN: "with balance > 0")."""
    balance = row.get("balance")
    if reasons is None or balance is None or balance <= 0:
        return None
    return [*reasons, f"余额 {_money(balance)} > 0"]


def add_years(day: date, years: int) -> date:
    """``day`` plus whole years, 29 February becoming 28 February (as the database adds an
    interval of years)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def term_months(start: date, maturity: date) -> int:
    """Whole months from start to maturity (``ledger.classify.term_months``)."""
    months = (maturity.year - start.year) * 12 + (maturity.month - start.month)
    return months - (1 if maturity.day < start.day else 0)


def _mid_long_term(row: LoanRow, params: rules.Classification) -> bool:
    start, maturity = row.get("start_date"), row.get("maturity_date")
    if start is None or maturity is None:
        return False
    return bool(maturity > add_years(start, params.mid_long_term_years))


def _industry(row: LoanRow) -> str:
    return str(row.get("industry_code") or "")


def _all(row: LoanRow, params: rules.Classification) -> list[str]:
    return ["各项贷款"]


def _pboc(row: LoanRow, params: rules.Classification) -> list[str] | None:
    return _inclusive(row, params, cbirc=False)


def _cbirc(row: LoanRow, params: rules.Classification) -> list[str] | None:
    return _inclusive(row, params, cbirc=True)


def _credit(row: LoanRow, params: rules.Classification) -> list[str] | None:
    found = _pboc(row, params)
    if found is None or row.get("guarantee_type") != "credit":
        return None
    return [*found, "信用贷款"]


def _private(row: LoanRow, params: rules.Classification) -> list[str] | None:
    if row.get("borrower_type") != "enterprise" or row.get("ownership") != "private":
        return None
    return [f"{rules.OWNERSHIPS['private']}企业"]


def _manufacturing(row: LoanRow, params: rules.Classification) -> list[str] | None:
    code = _industry(row)
    if code[:1] != "C" or not _mid_long_term(row, params):
        return None
    months = term_months(row["start_date"], row["maturity_date"])
    return [f"制造业（{code}）中长期：期限 {months} 个月"]


def _flag(words: str, column: str) -> Reasoner:
    def reason(row: LoanRow, params: rules.Classification) -> list[str] | None:
        return [words] if row.get(column) else None

    return reason


def _services(row: LoanRow, params: rules.Classification) -> list[str] | None:
    code = _industry(row)
    if code[:1] in rules.SERVICE_SECTIONS or code.startswith(rules.SERVICE_PREFIXES):
        return [f"餐饮、零售、文旅等服务业（{code}）"]
    return None


def _first_loan(row: LoanRow, params: rules.Classification) -> list[str] | None:
    """A first loan granted in the snapshot's year, up to its month end (C-3.3.1)."""
    start, end = row.get("start_date"), row.get("period_end")
    if not row.get("first_loan") or start is None or end is None:
        return None
    if start.year != end.year or start > end:
        return None
    return [f"首贷户，{start.isoformat()} 发放"]


REASONERS: dict[str, Reasoner] = {
    "loans": _all,
    "inclusive_smb": _pboc,
    "inclusive_smb_cbirc": _cbirc,
    "inclusive_smb_borrowers": lambda row, p: _owing(_pboc(row, p), row),
    "inclusive_smb_cbirc_borrowers": lambda row, p: _owing(_cbirc(row, p), row),
    "inclusive_smb_credit": _credit,
    "private_enterprise": _private,
    "manufacturing_mlt": _manufacturing,
    "green": _flag("绿色贷款", "green"),
    "clean_energy": _flag("清洁能源贷款", "clean_energy"),
    "services": _services,
    "first_loan_borrowers": _first_loan,
}
"""Every loan metric of the registry (``monitor.metrics``: kind sum or distinct)."""


def reasons(row: LoanRow, metric: str, params: rules.Classification) -> str | None:
    """Why ``row`` counts in ``metric`` (its facts joined by 「；」), None when it does not."""
    found = REASONERS[metric](row, params)
    return None if found is None else SEPARATOR.join(found)


CALIBERS = {
    "both": "普惠小微（两个口径均计入）",
    "cbirc_only": "仅银保监口径（授信等于阈值）",
    "neither": "非普惠小微",
}
"""The caliber composition's parts: where a counted loan stands in the 普惠小微 calibers."""


def caliber(row: LoanRow) -> str:
    """``both``, ``cbirc_only`` or ``neither`` from the scan's derived flags (the PBoC caliber
    implies the CBIRC one: ``<`` within ``≤``)."""
    if row.get("inclusive_smb"):
        return "both"
    return "cbirc_only" if row.get("inclusive_smb_cbirc") else "neither"


def borrower_kind(row: LoanRow) -> str:
    """The borrower type as the composition shows it; enterprises by size (「小型企业」)."""
    kind = str(row.get("borrower_type") or "")
    size = row.get("enterprise_size")
    if kind == "enterprise" and size in rules.ENTERPRISE_SIZES:
        return f"{rules.ENTERPRISE_SIZES[size]}企业"
    return rules.BORROWER_TYPES.get(kind, kind or "未填")
