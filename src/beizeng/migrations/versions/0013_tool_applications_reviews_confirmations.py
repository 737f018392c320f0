"""tool applications in the web: the pboc maker's review of a bank's relending batch and the
first review of a subsidy claim (who, when, remarks), and banks' confirmations of support-tool
statements (issue 13 point 2)

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-03 16:52:59.535429
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "support_tool_confirmation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("institution_code", sa.String(length=32), nullable=False),
        sa.Column("confirmed_by", sa.String(length=120), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["support_tool_statement.id"],
            name=op.f("fk_support_tool_confirmation_statement_id_support_tool_statement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_tool_confirmation")),
        sa.UniqueConstraint(
            "statement_id",
            "institution_code",
            name=op.f("uq_support_tool_confirmation_statement_id"),
        ),
    )
    with op.batch_alter_table("support_tool_confirmation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_support_tool_confirmation_statement_id"), ["statement_id"], unique=False
        )

    with op.batch_alter_table("relending_batch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reviewed_by", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("review_note", sa.String(length=300), nullable=True))

    with op.batch_alter_table("subsidy_claim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reviewed_by", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("subsidy_claim", schema=None) as batch_op:
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("reviewed_by")

    with op.batch_alter_table("relending_batch", schema=None) as batch_op:
        batch_op.drop_column("review_note")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("reviewed_by")

    with op.batch_alter_table("support_tool_confirmation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_tool_confirmation_statement_id"))

    op.drop_table("support_tool_confirmation")
