"""``beizeng users …``: create platform users (the first administrator), list them, and
provision API tokens for a bank's system (``beizeng users token …``).

Also the sign-in of the commands that make or check money (``--user`` with the password and,
for a user with an authenticator, the TOTP code; or ``--token``): :func:`signed_in` turns them
into the principal the tools' services decide with (issue 12, point 3)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.access.principal import DEPARTMENTS, ROLES, Principal
from beizeng.account import service
from beizeng.account.rules import parse_scopes
from beizeng.config import get_settings
from beizeng.console.output import console
from beizeng.db import session_scope
from beizeng.errors import BeizengError
from beizeng.kit.clock import SystemClock
from beizeng.reference.regions import get_region

app = typer.Typer(help="平台用户管理。", no_args_is_help=True)

SignInUser = Annotated[
    str | None,
    typer.Option(
        "--user",
        help="办理人的平台用户名：须输入其密码，已绑定动态口令的再输入口令（审批资金须绑定）",
    ),
]
PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="从标准输入读取密码（第一行），已绑定动态口令的再读取口令（第二行）",
    ),
]
TokenStdin = Annotated[
    bool,
    typer.Option("--token", help="改用 API 令牌（从标准输入读取一行）；令牌不能登记或审批资金"),
]
CLI_ADDRESS = "cli"
"""The address of command-line sign-ins in the login attempts (lock-out counts them too)."""


def _line(prompt: str, *, from_stdin: bool, hide: bool = True) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt(prompt, hide_input=hide))


def signed_in(user: str | None, *, password_stdin: bool, token: bool) -> Principal:
    """The principal a maker or checker command acts as: ``--user`` signed in like the web
    (password, then the TOTP code if enrolled: only then may they approve money), or an API
    token (``--token``, which the policy refuses for every money action). No free-form name.

    Failed attempts are committed before the refusal, so the lock-out counts them.
    """
    if (user is None) == (not token):
        raise typer.BadParameter(
            "须用 --user 用户名（输入其密码）或 --token（输入 API 令牌）之一指明办理人。",
            param_hint="--user",
        )
    settings = get_settings()
    now = SystemClock().now()
    with session_scope(user or "token") as session:
        try:
            if user is None:
                plain = _line("API 令牌", from_stdin=True)
                return service.token_principal(session, token=plain, now=now)
            policy = service.login_policy(settings)
            password = _line("密码", from_stdin=password_stdin)
            accepted = service.authenticate(
                session,
                username=user,
                password=password,
                address=CLI_ADDRESS,
                now=now,
                policy=policy,
            )
            if not accepted.needs_code:
                return accepted.principal
            code = _line("动态口令", from_stdin=password_stdin, hide=False)
            return service.verify_sign_in_code(
                session,
                pending=service.PendingSignIn(accepted.principal.user_id, accepted.epoch, now),
                code=code,
                address=CLI_ADDRESS,
                now=SystemClock().now(),
                policy=policy,
            )
        except BeizengError as exc:
            if getattr(exc, "keeps_writes", False):
                session.commit()
            raise


token_app = typer.Typer(help="API 令牌：为银行系统创建、列出、撤销令牌。", no_args_is_help=True)
app.add_typer(token_app, name="token")


@app.command("create")
def create(
    role: Annotated[str, typer.Option(help="角色：pboc、gov、bank、insurer、guarantor")],
    username: Annotated[str, typer.Option(help="登录用户名")],
    display_name: Annotated[str | None, typer.Option(help="显示名称")] = None,
    institution: Annotated[
        str | None, typer.Option(help="所属机构代码（银行、保险、担保用户必填）")
    ] = None,
    county: Annotated[
        str | None,
        typer.Option(help="县区代码：人民银行用户为所属县支行（不填为市分行），金融机构为县域分支"),
    ] = None,
    department: Annotated[
        str | None, typer.Option(help="政府部门用户所属部门（必填）：" + "、".join(DEPARTMENTS))
    ] = None,
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
            department=department,
        )
        console.print(f"已创建{ROLES[user.role]}用户「{escape(user.username)}」。")


@app.command("list")
def list_users() -> None:
    """列出平台用户（不显示密码）。"""
    with session_scope() as session:
        table = Table("用户名", "名称", "角色", "层级或部门", "动态口令", "状态", title="平台用户")
        for user in service.list_users(session):
            table.add_row(
                escape(user.username),
                escape(user.display_name),
                ROLES.get(user.role, user.role),
                escape(_unit(user.role, user.county_code, user.department)),
                "已绑定" if user.totp_enrolled_at else "未绑定",
                "启用" if user.is_active else "停用",
            )
        console.print(table)


def _unit(role: str, county_code: str | None, department: str | None) -> str:
    if role == "pboc":
        return f"{get_region(county_code).name}支行" if county_code else "市分行"
    if role == "gov":
        return department or "—"
    return get_region(county_code).name if county_code else "—"


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Option(help="令牌所属用户（令牌不会超出该用户的权限）")],
    scopes: Annotated[
        str, typer.Option(help="权限范围，逗号分隔，例如 demands:read,demands:write")
    ],
    days: Annotated[int, typer.Option(help="有效期（天），不超过 token_max_days 设置")] = 90,
    name: Annotated[str, typer.Option(help="令牌名称，例如对接系统的名字")] = "API",
) -> None:
    """创建 API 令牌并只在标准输出打印令牌本身（供银行系统配置使用；只显示这一次）。"""
    settings = get_settings()
    with session_scope() as session:
        _, plain = service.create_token(
            session,
            principal=service.principal_named(session, username),
            name=name,
            scopes=parse_scopes(scopes),
            days=days,
            max_days=settings.token_max_days,
            now=SystemClock().now(),
        )
    typer.echo(plain)


@token_app.command("list")
def token_list(
    username: Annotated[str | None, typer.Option(help="只列出该用户的令牌")] = None,
) -> None:
    """列出 API 令牌（只显示前缀，不显示令牌本身）。"""
    now = SystemClock().now()
    with session_scope() as session:
        table = Table("编号", "用户", "名称", "前缀", "权限范围", "到期", "状态", title="API 令牌")
        for row in service.all_tokens(session, username=username):
            table.add_row(
                str(row.token.id),
                escape(row.username),
                escape(row.token.name),
                escape(row.token.prefix),
                escape(row.token.scopes.replace(" ", "、")),
                f"{row.token.expires_at:%Y-%m-%d}",
                service.token_state(row.token, now=now),
            )
        console.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="令牌编号（见 token list）")],
) -> None:
    """撤销 API 令牌，立即生效。"""
    with session_scope() as session:
        service.admin_revoke_token(session, token_id=token_id, now=SystemClock().now())
    console.print(f"已撤销令牌 {token_id}。")
