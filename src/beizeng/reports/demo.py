"""The demo pipeline step of monitoring: evaluate the 2022 plan and write the reports (it lives
with the reports, which it writes; the monitor below imports no report).

Evaluates ``plans/lvliang-2022.toml`` (the packaged copy) for the latest demo period, 2022-12,
and writes the bulletin (docx), the indicator workbook (xlsx) and the supervision notices into
``$BEIZENG_HOME/reports/`` (issue 4, "done when": ``make demo`` evaluates the plan and writes the
bulletin).
"""

from __future__ import annotations

from beizeng.kit.clock import today
from beizeng.kit.demorun import DemoRun
from beizeng.kit.periods import Period
from beizeng.monitor import service
from beizeng.reports import service as reports

DEMO_PERIOD = Period(2022, 12)


def monitor_step(run: DemoRun) -> None:
    """Evaluate, write the bulletin and workbook, then issue the notices; note every path."""
    out = run.home / "reports"
    plan = service.load_plan()
    signed_on = today(run.clock)
    with run.session_scope() as session:
        if DEMO_PERIOD not in service.available_periods(session):
            run.notes.append(f"尚未导入 {DEMO_PERIOD} 的贷款台账，跳过目标评估与通报。")
            return
        written = reports.write_bulletin(
            session,
            plan=plan,
            period=DEMO_PERIOD,
            out=out / f"bulletin-{DEMO_PERIOD}.docx",
            xlsx=out / f"indicators-{DEMO_PERIOD}.xlsx",
            signed_on=signed_on,
            rectification_workdays=run.settings.rectification_workdays,
        )
        issued = reports.issue_notices(
            session,
            plan=plan,
            period=DEMO_PERIOD,
            out_dir=out / "notices",
            signed_on=signed_on,
            settings=run.settings,
            now=run.clock.now(),
            evaluation=written.evaluation,
        )
    results = written.evaluation.results
    met = sum(1 for r in results if r.met is True)
    run.results["monitor"] = written
    run.notes.append(f"{plan.title}（{DEMO_PERIOD}）：共评估 {len(results)} 项，达标 {met} 项。")
    run.notes.append(f"定期通报：{written.docx}")
    run.notes.append(f"指标工作簿：{written.xlsx}")
    run.notes.append(
        f"督导通报：向 {len(issued.institutions)} 家机构发文，共 {len(issued.files)} 个文件，"
        f"位于 {out / 'notices'}"
    )
