"""``beizeng tools …``: the policy tools and fiscal support command groups."""

from __future__ import annotations

import typer

from beizeng.tools.guarantee.commands import app as guarantee_app
from beizeng.tools.parameter.commands import app as params_app
from beizeng.tools.rediscount.commands import app as rediscount_app
from beizeng.tools.relending.commands import carbon_app, coal_app, relending_app, stats_export
from beizeng.tools.subsidy.commands import app as subsidy_app
from beizeng.tools.supporttool.commands import support_tool

app = typer.Typer(
    help="货币政策工具与财政支持：支持工具、再贷款、再贴现、碳减排、担保、补贴。",
    no_args_is_help=True,
)
app.command("support-tool")(support_tool)
app.command("stats-export")(stats_export)
app.add_typer(params_app, name="params")
app.add_typer(relending_app, name="relending")
app.add_typer(carbon_app, name="carbon")
app.add_typer(coal_app, name="coal")
app.add_typer(rediscount_app, name="rediscount")
app.add_typer(guarantee_app, name="guarantee")
app.add_typer(subsidy_app, name="subsidy")
