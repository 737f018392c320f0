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
