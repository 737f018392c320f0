"""submission reasons and statistics versions: a resubmission's reason, one row per statistics
file (issue 13 point 1, C-4.5.1)

Revision ID: 0012
Revises: 0015
Create Date: 2026-12-03 16:53:29.935226
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stats_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institution.id"],
            name=op.f("fk_stats_submission_institution_id_institution"),
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["stats_submission.id"],
            name=op.f("fk_stats_submission_supersedes_id_stats_submission"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stats_submission")),
    )
    with op.batch_alter_table("stats_submission", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stats_submission_institution_period", ["institution_id", "period"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_stats_submission_status"), ["status"], unique=False)

    with op.batch_alter_table("ledger_submission", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ledger_submission", schema=None) as batch_op:
        batch_op.drop_column("reason")

    with op.batch_alter_table("stats_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stats_submission_status"))
        batch_op.drop_index("ix_stats_submission_institution_period")

    op.drop_table("stats_submission")
