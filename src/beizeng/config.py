"""The one typed settings object (CONVENTIONS rule 6): nothing else reads ``os.environ``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Settings read from ``BEIZENG_*`` environment variables.

    Every field is documented in ``docs/configuration.md``; a test fails when one is not.
    """

    model_config = SettingsConfigDict(env_prefix="BEIZENG_", extra="ignore")

    home: Path = Field(
        default=Path("beizeng-data"),
        description="数据目录：嵌入式 SQLite 数据库与贷款台账 Parquet 文件所在目录",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy 数据库地址；为空时使用数据目录中的 SQLite 文件 beizeng.db",
    )
    actor: str = Field(
        default="cli",
        description="命令行操作写入审计日志时记录的操作人",
    )
    max_upload_bytes: int = Field(
        default=1_500_000_000,
        description="单个导入文件的大小上限（字节），超过即拒绝，避免耗尽内存",
    )
    secret_key: SecretStr = Field(
        default=SecretStr(""),
        description="网页会话与 CSRF 签名密钥；为空时在数据目录生成并保存随机密钥",
    )

    secure_cookies: bool = Field(
        default=False,
        description="会话 Cookie 是否只经 HTTPS 发送（生产环境经 HTTPS 提供服务时应设为 true）",
    )
    trusted_proxies: str = Field(
        default="127.0.0.1",
        description=(
            "可信反向代理地址（逗号分隔的 IP 或网段，* 表示全部）：只采信这些地址发来的"
            " X-Forwarded-For 与 X-Forwarded-Proto"
        ),
    )
    session_max_age: int = Field(
        default=8 * 3600,
        description="网页登录会话的有效期（秒），超过后需重新登录",
    )
    login_max_failures: int = Field(
        default=5,
        description="同一账号在锁定时间窗内允许的连续登录失败次数，达到后锁定账号",
    )
    login_lock_minutes: int = Field(
        default=15,
        description="登录失败计数的时间窗与账号锁定时长（分钟）",
    )
    token_max_days: int = Field(
        default=90,
        ge=1,
        le=366,
        description="API 令牌的最长有效期（天）：创建令牌时不得超过此天数",
    )
    second_factor_roles: str = Field(
        default="pboc,gov",
        description=(
            "登录须输入动态口令（TOTP）的角色（逗号分隔，* 表示全部角色）；这些角色审批资金前"
            "必须已绑定并验证动态口令"
        ),
    )
    reply_workdays: int = Field(
        default=5,
        description="无贷户融资需求的受理回复时限（工作日），2022 年方案为 5 个工作日（C-3.4.2）",
    )
    rectification_workdays: int = Field(
        default=15,
        ge=1,
        le=120,
        description="被督导通报机构报送整改措施的时限（工作日，自通报印发之日起计算，C-3.1.2）",
    )
    ledger_due_workday: int = Field(
        default=10,
        ge=1,
        le=40,
        description="台账与统计数据的报送截止日：月末后第几个工作日（C-4.5.1），默认第 10 个工作日",
    )

    def needs_second_factor(self, role: str) -> bool:
        """Whether users of ``role`` sign in with a TOTP code (access-model issue, point 3)."""
        roles = {r.strip() for r in self.second_factor_roles.split(",") if r.strip()}
        return "*" in roles or role in roles

    @property
    def resolved_home(self) -> Path:
        """The home directory as an absolute path."""
        return self.home.expanduser().resolve()

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to an SQLite file inside the home directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.resolved_home / 'beizeng.db'}"

    def resolved_secret_key(self) -> str:
        """The signing key: the setting, else a random key kept in ``home/secret_key`` (0600).

        Generated once on first use so that sessions survive restarts without anyone having to
        invent a secret; the file is created with owner-only permissions before it is written.
        """
        given = self.secret_key.get_secret_value()
        if given:
            return given
        path = self.resolved_home / "secret_key"
        if not path.exists():
            import os
            import secrets

            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another process won the race; use its key
                return path.read_text(encoding="ascii").strip()
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_urlsafe(48))
        return path.read_text(encoding="ascii").strip()

    def masked_database_url(self) -> str:
        """The database URL with any password hidden, for display."""
        from sqlalchemy.engine import make_url

        return make_url(self.resolved_database_url).render_as_string(hide_password=True)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; tests clear the cache after changing the env)."""
    return Settings()
