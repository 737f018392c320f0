"""Current ledger snapshots and institution statistics as Ibis tables on DuckDB.

The contract other features code against (``/work/brief/scan-api.md``): ``loans()`` reads only
the Parquet files referenced by current (non-superseded) submission records, so a file left by
an interrupted import is never seen, attaches the institution and period, and adds the derived
columns of ``classify``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import ibis
import pyarrow as pa
from sqlalchemy.orm import Session

from beizeng.config import get_settings
from beizeng.kit.periods import Period
from beizeng.ledger import duck, rules
from beizeng.ledger.classify import classify
from beizeng.ledger.repository import LedgerRepository
from beizeng.stats.service import current_stats

_FILES = pa.schema(
    [
        ("filename", pa.string()),
        ("institution_code", pa.string()),
        ("legal_scope", pa.string()),
        ("institution_category", pa.string()),
        ("period", pa.string()),
        ("period_end", pa.date32()),
        ("submission_id", pa.string()),
        ("submission_version", pa.int32()),
    ]
)
LINEAGE_COLUMNS = ("submission_id", "submission_version")
"""The stored submission each row comes from and its version (``loans(lineage=True)``)."""


def _contract_ddl() -> str:
    return ", ".join(f"{c.name} {rules.DUCK_TYPES[c.kind]}" for c in rules.COLUMNS)


class LedgerScan:
    """Current (non-superseded) accepted ledger snapshots as Ibis tables on DuckDB."""

    def __init__(
        self,
        session: Session,
        *,
        inclusive_threshold: Decimal = Decimal("10000000"),
        mid_long_term_years: int = 1,
    ) -> None:
        self.session = session
        self.params = rules.Classification(inclusive_threshold, mid_long_term_years)
        self._raw = duck.connect()
        self.con: Any = duck.ibis_backend(self._raw)
        self._views = 0

    def _name(self, stem: str) -> str:
        self._views += 1
        return f"{stem}_{self._views}"

    def loans(
        self,
        *,
        periods: Sequence[Period] | None = None,
        institutions: Sequence[str] | None = None,
        lineage: bool = False,
    ) -> ibis.Table:
        """Loan rows of the current snapshots, with institution, period and derived columns;
        with ``lineage``, also each row's submission id and version (``LINEAGE_COLUMNS``), what
        ``monitor explain`` shows beside every row it counts (issue 14 point 3)."""
        home = get_settings().resolved_home
        files = LedgerRepository(self.session).current_files(
            periods=[str(p) for p in periods] if periods is not None else None,
            institutions=list(institutions) if institutions is not None else None,
        )
        name = self._name("loans")
        if not files:
            self._raw.execute(f"CREATE TEMP TABLE {name} ({_contract_ddl()}, filename VARCHAR)")
        else:
            paths = ", ".join(duck.sql_path(home / f.path) for f in files)
            self._raw.execute(
                f"CREATE TEMP VIEW {name} AS SELECT * FROM read_parquet([{paths}], filename = true)"
            )
        meta = pa.table(
            {
                "filename": [str(home / f.path) for f in files],
                "institution_code": [f.code for f in files],
                "legal_scope": [f.legal_scope for f in files],
                "institution_category": [f.category for f in files],
                "period": [f.period for f in files],
                "period_end": [Period.parse(f.period).end for f in files],
                "submission_id": [f.id for f in files],
                "submission_version": [f.version for f in files],
            },
            schema=_FILES,
        )
        meta_name = self._name("files")
        self._raw.register(f"{meta_name}_arrow", meta)
        self._raw.execute(f"CREATE TEMP TABLE {meta_name} AS SELECT * FROM {meta_name}_arrow")
        self._raw.unregister(f"{meta_name}_arrow")
        rows = self.con.table(name)
        info = self.con.table(meta_name)
        joined = rows.join(info, "filename").select(
            "institution_code",
            "legal_scope",
            "institution_category",
            "period",
            "period_end",
            *(LINEAGE_COLUMNS if lineage else ()),
            *rules.COLUMN_NAMES,
        )
        return classify(joined, self.params)

    def stats(
        self,
        *,
        periods: Sequence[Period] | None = None,
        metrics: Sequence[str] | None = None,
    ) -> ibis.Table:
        """Current institution statistics: ``period, institution_code, metric, value``."""
        rows = current_stats(
            self.session,
            periods=[str(p) for p in periods] if periods is not None else None,
            metrics=list(metrics) if metrics is not None else None,
        )
        table = pa.table(
            {
                "period": [s.period for s, _ in rows],
                "institution_code": [code for _, code in rows],
                "metric": [s.metric for s, _ in rows],
                "value": pa.array([s.value for s, _ in rows], type=pa.decimal128(18, 4)),
            }
        )
        name = self._name("stats")
        self._raw.register(f"{name}_arrow", table)
        self._raw.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
        self._raw.unregister(f"{name}_arrow")
        return self.con.table(name)

    def periods(self) -> list[Period]:
        """Periods that have at least one current snapshot, oldest first."""
        return [Period.parse(p) for p in LedgerRepository(self.session).current_periods()]

    def execute_sql(self, query: str) -> pa.Table:
        """Run raw SQL on this scan's DuckDB (tables made by ``loans``/``stats`` are visible)."""
        return self._raw.execute(query).to_arrow_table()

    def close(self) -> None:
        self._raw.close()
