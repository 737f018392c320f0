"""failed hook deliveries: events a listener could not take, kept for beizeng hooks retry

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 20:32:23.619324
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "failed_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hook", sa.String(length=80), nullable=False),
        sa.Column("subscriber", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_tried_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failed_delivery")),
    )
    with op.batch_alter_table("failed_delivery", schema=None) as batch_op:
        batch_op.create_index("ix_failed_delivery_pending", ["delivered_at", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("failed_delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_failed_delivery_pending")

    op.drop_table("failed_delivery")
