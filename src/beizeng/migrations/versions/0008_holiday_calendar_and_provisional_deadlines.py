"""holiday calendar: notice years loaded by pboc, and deadlines marked provisional

A deadline counted over a year that neither the package nor a loaded notice covers is stored
with ``*_provisional`` true and recomputed when that year's notice is loaded.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 20:12:46.083739
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "holiday_year",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("holidays", sa.JSON(), nullable=False),
        sa.Column("workdays", sa.JSON(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("loaded_by", sa.String(length=120), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_holiday_year")),
    )
    # Plain ADD COLUMN (SQLite supports it with a constant default): no table copy needed.
    op.add_column(
        "demand",
        sa.Column("deadline_provisional", sa.Boolean(), server_default=sa.false(), nullable=False),
    )

    op.add_column(
        "outreach_assignment",
        sa.Column("idle_due_provisional", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("outreach_assignment", schema=None) as batch_op:
        batch_op.drop_column("idle_due_provisional")

    with op.batch_alter_table("demand", schema=None) as batch_op:
        batch_op.drop_column("deadline_provisional")

    op.drop_table("holiday_year")
