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

    def masked_database_url(self) -> str:
        """The database URL with any password hidden, for display."""
        from sqlalchemy.engine import make_url

        return make_url(self.resolved_database_url).render_as_string(hide_password=True)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; tests clear the cache after changing the env)."""
    return Settings()
