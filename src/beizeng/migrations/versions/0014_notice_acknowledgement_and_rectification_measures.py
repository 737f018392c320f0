"""supervision notices followed: acknowledgement, deadline, rectification measures and files

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-03 16:54:35.211189
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rectification_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("filed_by", sa.String(length=120), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["supervision_notice.id"],
            name=op.f("fk_rectification_measure_notice_id_supervision_notice"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectification_measure")),
    )
    with op.batch_alter_table("rectification_measure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rectification_measure_notice_id"), ["notice_id"], unique=False
        )

    op.create_table(
        "rectification_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("path", sa.String(length=400), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["rectification_measure.id"],
            name=op.f("fk_rectification_attachment_measure_id_rectification_measure"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectification_attachment")),
    )
    with op.batch_alter_table("rectification_attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rectification_attachment_measure_id"), ["measure_id"], unique=False
        )

    with op.batch_alter_table("supervision_notice", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("letter_number", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("issued_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("deadline", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("acknowledged_by", sa.String(length=120), nullable=True))
        batch_op.add_column(
            sa.Column("letter_acknowledged_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("letter_acknowledged_by", sa.String(length=120), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("supervision_notice", schema=None) as batch_op:
        batch_op.drop_column("letter_acknowledged_by")
        batch_op.drop_column("letter_acknowledged_at")
        batch_op.drop_column("acknowledged_by")
        batch_op.drop_column("acknowledged_at")
        batch_op.drop_column("deadline")
        batch_op.drop_column("issued_on")
        batch_op.drop_column("letter_number")
        batch_op.drop_column("number")

    with op.batch_alter_table("rectification_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rectification_attachment_measure_id"))

    op.drop_table("rectification_attachment")
    with op.batch_alter_table("rectification_measure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rectification_measure_notice_id"))

    op.drop_table("rectification_measure")
