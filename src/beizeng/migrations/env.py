"""Alembic environment: runs against the engine handed in by ``beizeng.db``."""

from __future__ import annotations

from alembic import context

from beizeng.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from beizeng.db import get_engine

        engine = get_engine()
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        context.run_migrations()


run()
