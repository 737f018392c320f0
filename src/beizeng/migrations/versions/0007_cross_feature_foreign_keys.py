"""cross-feature foreign keys: outreach contacts to demands, event invitations to enterprises

While 0003–0006 each branched from 0001, 0006 could run before 0003, so these two references had
no constraint. The history is linear now; rows pointing at nothing are cleared (a contact keeps
its record without the link, an invitation of a vanished enterprise goes) before the constraint
is created.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 20:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE outreach_contact SET demand_id = NULL WHERE demand_id IS NOT NULL "
        "AND demand_id NOT IN (SELECT id FROM demand)"
    )
    op.execute(
        "DELETE FROM event_invitation WHERE enterprise_id IS NOT NULL "
        "AND enterprise_id NOT IN (SELECT id FROM enterprise)"
    )
    with op.batch_alter_table("outreach_contact", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_outreach_contact_demand_id_demand"),
            "demand",
            ["demand_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("event_invitation", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_event_invitation_enterprise_id_enterprise"),
            "enterprise",
            ["enterprise_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("event_invitation", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_event_invitation_enterprise_id_enterprise"), type_="foreignkey"
        )
    with op.batch_alter_table("outreach_contact", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_outreach_contact_demand_id_demand"), type_="foreignkey"
        )
