"""``beizeng config …``: the settings in force (``beizeng db`` is ``cli/database.py``)."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.config import get_settings
from beizeng.console.output import console

config_app = typer.Typer(help="查看配置。", no_args_is_help=True)


@config_app.command("show")
def config_show() -> None:
    """显示当前生效的配置（密码与密钥已隐藏）。"""
    settings = get_settings()
    table = Table("设置", "环境变量", "值", title="beizeng 配置")
    table.add_row("数据目录", "BEIZENG_HOME", escape(str(settings.resolved_home)))
    table.add_row("数据库", "BEIZENG_DATABASE_URL", escape(settings.masked_database_url()))
    table.add_row("操作人", "BEIZENG_ACTOR", escape(settings.actor))
    table.add_row("导入文件大小上限", "BEIZENG_MAX_UPLOAD_BYTES", f"{settings.max_upload_bytes:,}")
    secret = "已设置" if settings.secret_key.get_secret_value() else "未设置（自动生成）"
    table.add_row("会话密钥", "BEIZENG_SECRET_KEY", secret)
    console.print(table)
