"""The steps of ``beizeng demo run``, the main job behind ``make demo``, in order.

This is the one place that assembles the features' demo steps: the synthetic data, the
registry, the ledgers through the banks' import, a year of policy tools, the platform and its
first-loan loop, and last the evaluation with the bulletin and notices (which read all of it).
"""

from __future__ import annotations

from beizeng.assembly import wire
from beizeng.demand.demo import platform_step
from beizeng.demo.service import Manifest, generate
from beizeng.institution import service as institution_service
from beizeng.kit.demorun import DemoRun, Step
from beizeng.ledger.demo import ledger_step
from beizeng.outreach.demo import outreach_step
from beizeng.reports.demo import monitor_step
from beizeng.tools.demo import tools_step


def generate_step(run: DemoRun) -> None:
    """Generate the synthetic Lüliang into the home, unless the same scale and seed is there."""
    existing = Manifest.load(run.data_dir)
    if existing is not None and existing.matches(scale=run.scale, seed=run.seed):
        run.manifest = existing
        run.notes.append(f"演示数据已存在（规模 {run.scale}，种子 {run.seed}），跳过生成。")
        return
    with run.progress("生成演示数据") as update:
        run.manifest = generate(run.data_dir, scale=run.scale, seed=run.seed, progress=update)
    run.generated = True
    run.notes.append(f"已生成演示数据：{run.data_dir}")


def registry_step(run: DemoRun) -> None:
    """Wire the hooks, bring the schema up to date and import the demo's institution registry."""
    wire()
    run.upgrade()
    with run.session_scope() as session:
        summary = institution_service.import_registry(
            session, path=run.data_dir / "institutions.csv", settings=run.settings
        )
    run.results["registry"] = summary
    run.notes.append(
        f"机构名录：新增 {len(summary.created)} 家，更新 {len(summary.updated)} 家，"
        f"未变 {len(summary.unchanged)} 家。"
    )


PIPELINE: list[Step] = [
    Step("generate", "生成演示数据", generate_step),
    Step("registry", "升级数据库并导入机构名录", registry_step),
    Step("ledgers", "导入贷款台账与机构统计", ledger_step),
    Step("tools", "政策工具与财政支持：一年的工具台账", tools_step),
    Step("platform", "综合金融服务平台：演示账户、产品与四项清单、融资需求", platform_step),
    Step("outreach", "首贷拓展与对接活动：无贷户名单、分配、闭环、政策库", outreach_step),
    Step("monitor", "目标评估：定期通报、指标工作簿与督导通报", monitor_step),
]
"""Each step reads what the steps before it wrote; the evaluation comes last."""
