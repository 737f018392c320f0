"""``beizeng users …``: create platform users (the first administrator) and list them."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.access.principal import ROLES
from beizeng.account import service
from beizeng.console.output import console
from beizeng.db import session_scope

app = typer.Typer(help="平台用户管理。", no_args_is_help=True)


@app.command("create")
def create(
    role: Annotated[str, typer.Option(help="角色：pboc、gov、bank、insurer、guarantor")],
    username: Annotated[str, typer.Option(help="登录用户名")],
    display_name: Annotated[str | None, typer.Option(help="显示名称")] = None,
    institution: Annotated[
        str | None, typer.Option(help="所属机构代码（银行、保险、担保用户必填）")
    ] = None,
    county: Annotated[str | None, typer.Option(help="所属县支行的县区代码（可选）")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="从标准输入读取密码")
    ] = False,
) -> None:
    """创建平台用户，例如第一个人民银行管理员。企业用户请在网页上注册。"""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("密码", hide_input=True, confirmation_prompt="再次输入密码")
    with session_scope() as session:
        user = service.create_user(
            session,
            username=username,
            password=password,
            role=role,
            display_name=display_name,
            institution_code=institution,
            county_code=county,
        )
        console.print(f"已创建{ROLES[user.role]}用户「{escape(user.username)}」。")


@app.command("list")
def list_users() -> None:
    """列出平台用户（不显示密码）。"""
    with session_scope() as session:
        table = Table("用户名", "名称", "角色", "状态", title="平台用户")
        for user in service.list_users(session):
            table.add_row(
                escape(user.username),
                escape(user.display_name),
                ROLES[user.role],
                "启用" if user.is_active else "停用",
            )
        console.print(table)
