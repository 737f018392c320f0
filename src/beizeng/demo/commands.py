"""``beizeng demo …``: generate the synthetic Lüliang and run the demo's main job."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng import db
from beizeng.config import get_settings
from beizeng.console.output import console, progress_bar
from beizeng.demo import service
from beizeng.demo.pipeline import PIPELINE
from beizeng.demo.rules import SCALES
from beizeng.kit.demorun import DemoRun, run_pipeline

app = typer.Typer(help="演示数据：合成的吕梁市场主体、贷款台账与机构统计。", no_args_is_help=True)

ScaleOption = Annotated[
    str,
    typer.Option(
        "--scale",
        help=f"规模：{'、'.join(f'{s.name}（每月末约 {s.loans:,} 笔贷款）' for s in SCALES.values())}",
    ),
]
SeedOption = Annotated[int, typer.Option("--seed", help="随机种子：相同种子生成完全相同的文件")]


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def _print_notes(job: DemoRun, shown: int) -> int:
    """Print the notes the last step added; return how many are printed so far."""
    for note in job.notes[shown:]:
        console.print(f"  {escape(note)}")
    return len(job.notes)


def _show(manifest: service.Manifest, where: Path) -> None:
    files = manifest.files
    ledgers = [f for f in files if f.path.startswith("ledgers/")]
    summary = Table(
        "项目",
        "数量",
        title=f"演示数据 {escape(str(where))}（规模 {manifest.scale}，种子 {manifest.seed}）",
    )
    summary.add_row("市场主体与个人借款人（entities.csv）", f"{manifest.entities:,}")
    summary.add_row(
        "机构（institutions.csv）",
        f"{next(f.rows for f in files if f.path == 'institutions.csv'):,}",
    )
    summary.add_row(
        "台账文件（ledgers/）", f"{len(ledgers):,}，共 {_size(sum(f.bytes for f in ledgers))}"
    )
    summary.add_row(
        "机构统计（stats.csv）", f"{next(f.rows for f in files if f.path == 'stats.csv'):,} 行"
    )
    summary.add_row("全部文件", f"{len(files):,}，共 {_size(sum(f.bytes for f in files))}")
    console.print(summary)
    periods = Table("月末", "贷款笔数", "台账文件", "大小", title="各月末贷款台账")
    for period, count in manifest.loans.items():
        mine = [f for f in ledgers if f.path.startswith(f"ledgers/{period}/")]
        periods.add_row(period, f"{count:,}", str(len(mine)), _size(sum(f.bytes for f in mine)))
    console.print(periods)


@app.command("generate")
def generate(
    out: Annotated[Path, typer.Option("--out", help="输出目录（已有的演示数据会被替换）")],
    scale: ScaleOption = "small",
    seed: SeedOption = 42,
) -> None:
    """生成合成的吕梁演示数据：市场主体、2020-12 至 2022-12 各月末贷款台账、机构统计。"""
    with progress_bar("生成演示数据") as update:
        manifest = service.generate(out, scale=scale, seed=seed, progress=update)
    _show(manifest, out)


@app.command("run")
def run(
    scale: ScaleOption = "small",
    seed: SeedOption = 42,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve/--no-serve", help="完成后在 http://127.0.0.1:8000 启动综合金融服务平台"
        ),
    ] = True,
) -> None:
    """演示主流程（make demo）：生成演示数据，导入机构名录、贷款台账与机构统计，记录一年的政策工具台账，建立平台演示数据与首贷拓展，评估目标并写出通报与督导通报，最后启动综合金融服务平台。"""
    job = DemoRun(
        settings=get_settings(),
        scale=scale,
        seed=seed,
        session_scope=db.session_scope,
        upgrade=db.upgrade,
        progress=progress_bar,
    )
    shown = 0
    for step in run_pipeline(job, PIPELINE):
        shown = _print_notes(job, shown)
        console.print(f"[bold]▶ {escape(step.title)}[/]")
    _print_notes(job, shown)
    if isinstance(job.manifest, service.Manifest):
        _show(job.manifest, job.data_dir)
    if serve:
        import uvicorn

        console.print("综合金融服务平台：http://127.0.0.1:8000/ （按 Ctrl+C 停止）")
        uvicorn.run(
            "beizeng.web.app:create_app",
            factory=True,
            host="127.0.0.1",
            port=8000,
            log_level="warning",
        )
