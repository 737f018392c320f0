"""The demo pipeline step of monitoring: evaluate the 2022 plan and write the reports (it lives
with the reports, which it writes; the monitor below imports no report).

Evaluates ``plans/lvliang-2022.toml`` (the packaged copy) for the latest demo period, 2022-12,
and writes the bulletin (docx, and its PDF when LibreOffice is installed), the indicator workbook
(xlsx) and the supervision notices into ``$BEIZENG_HOME/reports/`` (issue 4, "done when": ``make
demo`` evaluates the plan and writes the bulletin). They are dated ``service.issue_date`` of the
period (2023-01-16), never the day the demo ran, and numbered 银吕发〔2022〕12号 (issue 14 point 5).
"""

from __future__ import annotations

import shutil

from beizeng.holiday.service import work_calendar
from beizeng.kit.demorun import DemoRun
from beizeng.kit.periods import Period
from beizeng.monitor import service
from beizeng.reports import pdf
from beizeng.reports import service as reports

DEMO_PERIOD = Period(2022, 12)


def monitor_step(run: DemoRun) -> None:
    """Evaluate, write the bulletin and workbook, then issue the notices; note every path."""
    out = run.home / "reports"
    plan = service.load_plan()
    with_pdf = any(shutil.which(name) for name in pdf.PROGRAMS)
    with run.session_scope() as session:
        if DEMO_PERIOD not in service.available_periods(session):
            run.notes.append(f"尚未导入 {DEMO_PERIOD} 的贷款台账，跳过目标评估与通报。")
            return
        signed_on = reports.issue_date(DEMO_PERIOD, work_calendar(session))
        written = reports.write_bulletin(
            session,
            plan=plan,
            period=DEMO_PERIOD,
            out=out / f"bulletin-{DEMO_PERIOD}.docx",
            xlsx=out / f"indicators-{DEMO_PERIOD}.xlsx",
            pdf=out / f"bulletin-{DEMO_PERIOD}.pdf" if with_pdf else None,
            number=reports.default_number(DEMO_PERIOD),
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
    run.notes.append(f"定期通报：{written.docx}（成文日期 {signed_on}）")
    if written.pdf is None:
        run.notes.append("未安装 LibreOffice，未生成通报的 PDF。")
    else:
        run.notes.append(f"通报 PDF：{written.pdf}")
    run.notes.append(f"指标工作簿：{written.xlsx}")
    run.notes.append(
        f"督导通报：向 {len(issued.institutions)} 家机构发文，共 {len(issued.files)} 个文件，"
        f"位于 {out / 'notices'}"
    )
