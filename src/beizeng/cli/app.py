"""The root Typer app: the only place that assembles the feature command groups."""

from __future__ import annotations

import typer

from beizeng.cli.lazy import LazyGroup
from beizeng.console.output import report_error
from beizeng.web.commands import serve


class RefGroup(LazyGroup):
    """``beizeng ref``: the reference lookups, and the holiday feature's working-day commands."""

    lazy = {
        "workdays": ("beizeng.holiday.commands:workdays_app", "按法定节假日和调休计算工作日。"),
    }


class RootGroup(LazyGroup):
    """Feature groups by name, imported only when invoked (``--help`` lists them from here)."""

    wiring = "beizeng.assembly:wire"

    commands_lazy = {
        "doctor": (
            "beizeng.health.commands:doctor",
            "检查运行环境：数据库连接与结构、台账文件、节假日安排；未通过时给出处理办法。",
        ),
    }

    nested = {"ref": RefGroup}

    lazy = {
        "config": ("beizeng.cli.system:config_app", "查看配置。"),
        "db": ("beizeng.cli.database:db_app", "数据库结构管理。"),
        "institutions": ("beizeng.institution.commands:app", "金融机构名录：导入与查询。"),
        "ledger": ("beizeng.ledger.commands:app", "贷款台账：模板、导入、历史、校验与汇总。"),
        "stats": (
            "beizeng.stats.commands:app",
            "机构统计（存款、再贷款余额等）：模板与导入。",
        ),
        "monitor": (
            "beizeng.reports.commands:app",
            "监测评价：目标计划评估、排名、走势、定期通报与督导通报。",
        ),
        "calendar": (
            "beizeng.holiday.commands:app",
            "法定节假日日历：载入国务院办公厅节假日安排通知、查看各年来源。",
        ),
        "ref": (
            "beizeng.reference.commands:ref_app",
            "参考代码查询：统一社会信用代码、身份证号码、行政区划、行业分类、企业划型、工作日。",
        ),
        "users": ("beizeng.account.commands:app", "平台用户管理。"),
        "platform": ("beizeng.deadline.commands:app", "综合金融服务平台：受理回复时限。"),
        "demo": (
            "beizeng.demo.commands:app",
            "演示数据：合成的吕梁市场主体、贷款台账与机构统计。",
        ),
        "tools": (
            "beizeng.tools.commands:app",
            "货币政策工具与财政支持：支持工具、再贷款、再贴现、碳减排、担保、补贴。",
        ),
        "outreach": ("beizeng.outreach.commands:app", "首贷拓展：无贷户名单、分配、对接与漏斗。"),
        "hooks": ("beizeng.delivery.commands:app", "事件订阅：查看处理失败的事件并重新投递。"),
        "privacy": (
            "beizeng.privacy.commands:app",
            "个人信息保护：完整身份证号、电话号码的查阅记录。",
        ),
        "submissions": (
            "beizeng.submission.commands:app",
            "台账与统计报送：逐期查看各银行报送情况，向未报送银行发送催报提醒。",
        ),
        "notices": ("beizeng.notice.commands:app", "督导通报整改跟踪：整改到期提醒、跟踪表。"),
        "backup": (
            "beizeng.backup.commands:app",
            "备份与恢复：数据库、贷款台账、附件、报告与密钥。",
        ),
    }


app = typer.Typer(
    name="beizeng",
    cls=RootGroup,
    help="倍增：金融支持市场主体倍增工程的监测、政策工具与金融服务平台。",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
app.command("serve")(serve)


@app.callback()
def root() -> None:
    """Keeps ``app`` a group: with one eager command Typer would build a lone command."""


def run(argv: list[str]) -> int:
    """Run the CLI and turn every failure into a message and an exit code.

    Typer's standalone mode prints usage errors itself and exits through ``SystemExit``; any
    other exception is reported in Chinese by ``report_error``, never as a traceback.
    """
    try:
        app(args=argv, prog_name="beizeng")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except Exception as exc:
        return report_error(exc)
    return 0
