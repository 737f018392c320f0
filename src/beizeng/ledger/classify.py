"""Derived columns of a ledger snapshot, as Ibis expressions (DESIGN: metrics).

A transform ``table → table`` with no I/O: the metric code of the monitoring feature reads only
these flags, so each definition lives here once and runs on DuckDB (or any Ibis backend).
"""

from __future__ import annotations

from typing import Any

import ibis
from ibis import _

from beizeng.ledger import rules


def term_months(start: Any, maturity: Any) -> Any:
    """Whole months from start to maturity (2022-01-31 → 2022-02-28 is 0 months, → 03-31 is 2)."""
    months = (maturity.year() - start.year()) * 12 + (maturity.month() - start.month())
    return (months - (maturity.day() < start.day()).cast("int32")).cast("int32")


def classify(
    table: ibis.Table, params: rules.Classification = rules.Classification()
) -> ibis.Table:
    """Add ``industry_section``, ``term_months``, ``mid_long_term``, the 普惠小微 flags in both
    calibers, ``private_enterprise``, ``manufacturing_mlt`` and ``services``.

    - 普惠小微 (PBoC): credit_line < threshold, purpose business, and a small or micro
      enterprise, an individual business or a micro-firm owner; the CBIRC caliber (两增,
      C-3.1.2) takes credit_line ≤ threshold (facts.md, definitions).
    - mid-long-term: original term longer than ``mid_long_term_years`` (maturity after start
      plus that many years); exactly one year is short-term.
    """
    threshold = ibis.literal(params.inclusive_threshold, type="decimal(18, 2)")
    eligible = (_.purpose == "business") & (
        (
            (_.borrower_type == "enterprise")
            & _.enterprise_size.isin(rules.INCLUSIVE_ENTERPRISE_SIZES)
        )
        | _.borrower_type.isin(rules.INCLUSIVE_BORROWER_TYPES)
    )
    section = _.industry_code.substr(0, 1)
    services = _.industry_code.substr(0, 1).isin(rules.SERVICE_SECTIONS)
    for prefix in rules.SERVICE_PREFIXES:
        services = services | _.industry_code.startswith(prefix)
    mid_long = _.maturity_date > (_.start_date + ibis.interval(years=params.mid_long_term_years))
    return table.mutate(
        industry_section=section,
        term_months=term_months(_.start_date, _.maturity_date),
        mid_long_term=mid_long,
        inclusive_smb=eligible & (_.credit_line < threshold),
        inclusive_smb_cbirc=eligible & (_.credit_line <= threshold),
        private_enterprise=(_.borrower_type == "enterprise") & (_.ownership == "private"),
        services=services,
    ).mutate(manufacturing_mlt=(_.industry_section == "C") & _.mid_long_term)
