"""Alembic environment: runs against the engine handed in by ``beizeng.db``."""

from __future__ import annotations

from alembic import context

from beizeng.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    engine = config.attributes.get("engine")
    if engine is None:  # beizeng.db.upgrade and the upgrade tests always hand one in
        raise RuntimeError("run migrations through beizeng.db.upgrade(engine), not the alembic CLI")
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            # Batch migrations copy a table, drop the old one and rename the copy; with foreign
            # keys enforced the drop fails while other rows point at the table. Enforcement is
            # switched off for the migration (it only takes effect outside a transaction) and
            # the result is checked before it is switched on again.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=sqlite,
                compare_type=True,
            )
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left rows pointing at nothing: {broken[:5]}")
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


run()
