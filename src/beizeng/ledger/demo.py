"""The demo pipeline step of ledgers: import the generated files through the banks' own import.

Issue 3, point 6: ``make demo`` loads every ``ledgers/YYYY-MM/<CODE>.csv`` and ``stats.csv`` of
the synthetic Lüliang with ``import_ledger``/``import_stats``, the same validation and storage a
bank's file goes through. A file already imported unchanged (same sha256 as the current
submission) is skipped, so running the demo twice does not pile up superseded versions.
"""

from __future__ import annotations

from pathlib import Path

from beizeng.kit.demorun import DemoRun
from beizeng.kit.periods import Period
from beizeng.ledger import service
from beizeng.stats.service import import_stats


def demo_ledger_files(data_dir: Path) -> list[tuple[Path, str, Period]]:
    """(file, institution code, period) of every generated ledger, oldest period first."""
    files = sorted((data_dir / "ledgers").glob("*/*.csv"))
    return [(path, path.stem, Period.parse(path.parent.name)) for path in files]


def ledger_step(run: DemoRun) -> None:
    """Import every generated ledger, then the institution statistics."""
    files = demo_ledger_files(run.data_dir)
    imported = skipped = rows = 0
    with run.progress("导入贷款台账") as update:
        for done, (path, code, period) in enumerate(files, start=1):
            with run.session_scope() as session:
                if service.already_imported(
                    session, path=path, institution_code=code, period=period
                ):
                    skipped += 1
                else:
                    report = service.import_ledger(
                        session,
                        path=path,
                        institution_code=code,
                        period=period,
                        settings=run.settings,
                        now=run.clock.now(),
                    )
                    imported += 1
                    rows += report.rows
            update(done, len(files))
    with run.session_scope() as session:
        stats = import_stats(session, path=run.data_dir / "stats.csv", settings=run.settings)
    run.notes.append(
        f"贷款台账：导入 {imported} 个文件共 {rows:,} 笔，{skipped} 个文件此前已导入未变；"
        f"机构统计：新增 {stats.created} 个数值，未变 {stats.unchanged} 个。"
    )
