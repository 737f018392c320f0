"""``beizeng db …``: the database schema.

Its own module, not ``system.py``'s: Alembic and SQLAlchemy cost ~1 s that ``beizeng config show``
does not need, and the root table loads each group's module only when that group runs.
"""

from __future__ import annotations

import typer
from rich.markup import escape

from beizeng import db
from beizeng.config import get_settings
from beizeng.console.output import console

db_app = typer.Typer(help="数据库结构管理。", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """把数据库升级到最新结构（可重复执行）。"""
    engine = db.get_engine()
    db.upgrade(engine)
    console.print(f"数据库已是最新结构：{escape(get_settings().masked_database_url())}")
