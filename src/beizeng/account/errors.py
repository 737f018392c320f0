"""Errors of accounts and sign-in (messages never reveal whether a username exists)."""

from __future__ import annotations

from datetime import datetime

from beizeng.errors import BeizengError, Conflict, InvalidInput, NotFound


class LoginFailed(BeizengError):
    status = 401
    keeps_writes = True  # the failed attempt is committed so that lock-out counts it

    def __init__(self) -> None:
        super().__init__("用户名或密码不正确。")


class AccountLocked(BeizengError):
    status = 429

    def __init__(self, until: datetime | None) -> None:
        when = f"，请于 {until:%H:%M} 后再试" if until else "，请稍后再试"
        super().__init__(f"登录失败次数过多，账号已暂时锁定{when}。")


class TokenInvalid(BeizengError):
    status = 401

    def __init__(self) -> None:
        super().__init__("API 令牌无效、已过期或已撤销。")


class PasswordRejected(InvalidInput):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("密码不符合要求：" + "；".join(problems) + "。")


class UsernameTaken(Conflict):
    def __init__(self, username: str) -> None:
        super().__init__(f"用户名「{username}」已被使用。")


class EnterpriseAlreadyRegistered(Conflict):
    def __init__(self, uscc: str) -> None:
        super().__init__(f"统一社会信用代码 {uscc} 已注册，请直接登录或联系管理员。")


class UserNotFound(NotFound):
    def __init__(self, username: str) -> None:
        super().__init__(f"用户「{username}」不存在。")


class AccountInvalid(InvalidInput):
    """A user that cannot exist as described (role without its institution, …)."""


class CodeRejected(BeizengError):
    """A wrong, stale or reused code at sign-in: counted as a failed attempt (lock-out)."""

    status = 401
    keeps_writes = True

    def __init__(self) -> None:
        super().__init__(
            "动态口令不正确或已使用过，请输入手机上显示的最新 6 位口令（每个口令只能使用一次）。"
        )


class SignInExpired(BeizengError):
    status = 401

    def __init__(self) -> None:
        super().__init__("登录已超时（须在 5 分钟内输入动态口令），请重新输入用户名和密码。")


class CurrentPasswordWrong(BeizengError):
    """The current password given to change it is wrong (a failed attempt, like a sign-in)."""

    status = 400
    keeps_writes = True

    def __init__(self) -> None:
        super().__init__("当前密码不正确，密码未修改。")


class TotpCodeInvalid(InvalidInput):
    def __init__(self) -> None:
        super().__init__("动态口令不正确，请核对手机上显示的 6 位口令后重试。")


class TotpStateInvalid(Conflict):
    """Enrolling twice, confirming nothing, removing what is not there."""
