"""The root Typer app: the only place that assembles the feature command groups."""

from __future__ import annotations

import typer

from beizeng.account.commands import app as users_app
from beizeng.cli import system
from beizeng.cli.output import report_error
from beizeng.demand.commands import app as platform_app
from beizeng.demo.commands import app as demo_app
from beizeng.institution.commands import app as institutions_app
from beizeng.ledger.commands import app as ledger_app
from beizeng.ledger.commands import stats_app
from beizeng.monitor.commands import app as monitor_app
from beizeng.outreach.commands import app as outreach_app
from beizeng.reference.commands import ref_app
from beizeng.tools.commands import app as tools_app
from beizeng.web.commands import serve

app = typer.Typer(
    name="beizeng",
    help="倍增：金融支持市场主体倍增工程的监测、政策工具与金融服务平台。",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
app.add_typer(system.config_app, name="config")
app.add_typer(system.db_app, name="db")
app.add_typer(institutions_app, name="institutions")
app.add_typer(ledger_app, name="ledger")
app.add_typer(stats_app, name="stats")
app.add_typer(monitor_app, name="monitor")
app.add_typer(ref_app, name="ref")
app.add_typer(users_app, name="users")
app.add_typer(platform_app, name="platform")
app.add_typer(demo_app, name="demo")
app.add_typer(tools_app, name="tools")
app.add_typer(outreach_app, name="outreach")
app.command("serve")(serve)


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
