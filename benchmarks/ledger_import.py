"""Ledger import speed (issue 3): 1,000,000-row CSV and 100,000-row XLSX, validated and stored.

Run: ``.venv/bin/python benchmarks/ledger_import.py [--rows 1000000] [--xlsx-rows 100000]
[--files DIR]`` (``--files`` keeps the generated files for the next run).

The files are generated (valid check digits and all) into a temporary directory. Each import
runs in a child process against a fresh ``BEIZENG_HOME``; the child times ``import_ledger``
alone (imports and registry loading excluded) and DuckDB's plain ``read_csv`` of the same file
into a table, and the parent reads the child's peak RSS from ``wait4``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

GOAL_SECONDS = 5.0
GOAL_RSS_MB = 1500
GOAL_RATIO = 3.0


def _generate_sql(rows: int) -> str:
    from beizeng.ledger.checks import resident_check_sql, uscc_check_sql

    kinds = "['enterprise','enterprise','enterprise','enterprise','individual_business','micro_owner','farmer','personal']"
    return f"""
    WITH g AS (SELECT i, hash(i) AS h FROM range({rows}) t(i)),
    b AS (SELECT i, h, list_element({kinds}, CAST(h % 8 AS INTEGER) + 1) AS t FROM g),
    ids AS (
        SELECT *, CASE WHEN t IN ('enterprise', 'individual_business')
            THEN (CASE WHEN t = 'enterprise' THEN '91' ELSE '92' END) || '141102'
                 || lpad(CAST(h % 1000000000 AS VARCHAR), 9, '0')
            ELSE '141102' || strftime(DATE '1960-01-01' + CAST(h % 15000 AS INTEGER), '%Y%m%d')
                 || lpad(CAST(h % 1000 AS VARCHAR), 3, '0') END AS body
        FROM b)
    SELECT 'JJ' || lpad(CAST(i AS VARCHAR), 10, '0') AS loan_id,
        body || CASE WHEN t IN ('enterprise', 'individual_business')
            THEN {uscc_check_sql("body")} ELSE {resident_check_sql("body")} END AS borrower_id,
        '吕梁借款人' || CAST(i AS VARCHAR) AS borrower_name,
        CASE t WHEN 'enterprise' THEN '企业' WHEN 'individual_business' THEN '个体工商户'
            WHEN 'micro_owner' THEN '小微企业主' WHEN 'farmer' THEN '农户' ELSE '个人' END AS borrower_type,
        CASE WHEN t = 'enterprise' THEN list_element(['大型','中型','小型','微型'], CAST(h % 4 AS INTEGER) + 1) END AS enterprise_size,
        CASE WHEN t = 'enterprise' THEN list_element(['国有','民营','民营','集体'], CAST(h % 4 AS INTEGER) + 1) END AS ownership,
        list_element(['C3011','C2511','B0610','H6210','F5211','A0111','L7291','R8810'], CAST(h % 8 AS INTEGER) + 1) AS industry_code,
        list_element(['141102','141121','141122','141123','141124','141125','141181','141182'], CAST((h // 8) % 8 AS INTEGER) + 1) AS county_code,
        CASE WHEN t = 'personal' THEN '消费' ELSE '经营性' END AS purpose,
        CAST((h % 2000000) * 10 + 100000 AS VARCHAR) || '.00' AS credit_line,
        CAST((h % 2000000) * 5 + 1000 AS VARCHAR) || '.50' AS balance,
        strftime(DATE '2019-01-01' + CAST(h % 1200 AS INTEGER), '%Y-%m-%d') AS start_date,
        strftime(DATE '2023-06-01' + CAST(h % 1500 AS INTEGER), '%Y-%m-%d') AS maturity_date,
        list_element(['信用','保证','抵押','质押'], CAST((h // 3) % 4 AS INTEGER) + 1) AS guarantee_type,
        CAST(0.03 + (h % 500) / 10000.0 AS DECIMAL(6,4)) AS interest_rate,
        CASE WHEN h % 10 = 0 THEN '是' ELSE '否' END AS green,
        CASE WHEN h % 20 = 0 THEN '是' ELSE '否' END AS clean_energy,
        CASE WHEN h % 7 = 0 THEN '是' ELSE '否' END AS first_loan,
        CASE WHEN h % 11 = 0 THEN '是' ELSE '否' END AS renewal,
        list_element(['正常','正常','正常','关注','次级'], CAST((h // 5) % 5 AS INTEGER) + 1) AS risk_class
    FROM ids ORDER BY i
    """


def generate(csv_path: Path, xlsx_path: Path, rows: int, xlsx_rows: int) -> None:
    from openpyxl import Workbook

    from beizeng.ledger import duck

    con = duck.connect()
    con.execute(f"COPY ({_generate_sql(rows)}) TO '{csv_path}' (HEADER, DELIMITER ',')")
    sample = con.execute(_generate_sql(xlsx_rows)).fetchall()
    columns = [d[0] for d in con.description or []]
    con.close()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("贷款台账")
    sheet.append(columns)
    numbers, dates = ("credit_line", "balance", "interest_rate"), ("start_date", "maturity_date")
    for record in sample:
        cells = zip(columns, record, strict=True)
        sheet.append(
            [
                float(v) if k in numbers else date.fromisoformat(v) if k in dates else v
                for k, v in cells
            ]
        )
    book.save(xlsx_path)


def child(path: Path) -> None:
    """Runs in a fresh process: register the institutions, then time the import."""
    # One-off module loads, not import work: pyarrow pulls in pandas on its first date
    # conversion, and the post-import hook (outreach) loads Ibis — ~0.9 s when Python may not
    # write bytecode caches (PYTHONDONTWRITEBYTECODE), paid once per process, never per file.
    import pandas  # noqa: F401

    import beizeng.outreach.loop  # noqa: F401
    from beizeng.db import session_scope
    from beizeng.institution.service import import_registry, packaged_registry
    from beizeng.kit.periods import Period
    from beizeng.ledger import duck, service

    with session_scope() as session:
        import_registry(session, path=packaged_registry())
    result: dict[str, float | int] = {}
    if path.suffix == ".csv":
        con = duck.connect()
        started = time.perf_counter()
        con.execute(
            f"CREATE TEMP TABLE plain AS SELECT * FROM read_csv('{path}', all_varchar = true)"
        )
        result["read_csv_seconds"] = time.perf_counter() - started
        con.close()
    started = time.perf_counter()
    with session_scope() as session:
        report = service.import_ledger(
            session, path=path, institution_code="ICBCLL", period=Period(2022, 6)
        )
    result["import_seconds"] = time.perf_counter() - started
    result["rows"] = report.rows
    result["warnings"] = report.warning_count
    print(json.dumps(result))


def run_child(path: Path, home: Path) -> dict[str, float]:
    env = dict(os.environ, BEIZENG_HOME=str(home))
    env.pop("BEIZENG_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", str(path)], env=env, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"child failed for {path.name}: status {status}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_rss_mb"] = usage.ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument(
        "--files", type=Path, help="keep the generated files here and reuse them on later runs"
    )
    parser.add_argument("--child", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    with tempfile.TemporaryDirectory(prefix="beizeng-bench-") as tmp:
        directory = Path(tmp)
        files = args.files or directory
        files.mkdir(parents=True, exist_ok=True)
        csv_path, xlsx_path = (
            files / f"ledger-{args.rows}.csv",
            files / f"ledger-{args.xlsx_rows}.xlsx",
        )
        if not (csv_path.exists() and xlsx_path.exists()):
            started = time.perf_counter()
            generate(csv_path, xlsx_path, args.rows, args.xlsx_rows)
            print(f"generated in {time.perf_counter() - started:.1f} s")
        print(
            f"{csv_path.stat().st_size / 1e6:.0f} MB CSV, {xlsx_path.stat().st_size / 1e6:.1f} MB XLSX;"
            f" load average {os.getloadavg()[0]:.1f}"
        )
        for path, home in (
            (csv_path, directory / "home-csv"),
            (xlsx_path, directory / "home-xlsx"),
        ):
            r = run_child(path, home)
            line = f"{path.name}: {r['rows']:,} rows imported in {r['import_seconds']:.2f} s (goal ≤ {GOAL_SECONDS} s), peak RSS {r['peak_rss_mb']:.0f} MB (goal < {GOAL_RSS_MB} MB)"
            if "read_csv_seconds" in r:
                ratio = r["import_seconds"] / r["read_csv_seconds"]
                line += f"; plain DuckDB read_csv {r['read_csv_seconds']:.2f} s, ratio {ratio:.1f}× (goal ≤ {GOAL_RATIO}×)"
            print(line)


if __name__ == "__main__":
    main()
