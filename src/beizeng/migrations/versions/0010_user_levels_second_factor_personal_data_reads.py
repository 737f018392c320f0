"""county and department of users, TOTP second factor, reads of personal data

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 15:38:57.669111
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "personal_data_read",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=120), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_read")),
    )
    with op.batch_alter_table("personal_data_read", schema=None) as batch_op:
        batch_op.create_index("ix_personal_data_read_at", ["at"], unique=False)

    with op.batch_alter_table("platform_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("department", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("totp_enrolled_at", sa.DateTime(timezone=True), nullable=True)
        )
    # gov users created before departments existed: 其他 until an administrator says which.
    op.execute("UPDATE platform_user SET department = '其他' WHERE role = 'gov'")


def downgrade() -> None:
    with op.batch_alter_table("platform_user", schema=None) as batch_op:
        batch_op.drop_column("totp_enrolled_at")
        batch_op.drop_column("totp_secret")
        batch_op.drop_column("department")

    with op.batch_alter_table("personal_data_read", schema=None) as batch_op:
        batch_op.drop_index("ix_personal_data_read_at")

    op.drop_table("personal_data_read")
