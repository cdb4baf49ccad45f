"""Written procedure (Umlaufverfahren): group settings and proposals for the next agenda.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("groups") as batch:
        batch.add_column(
            sa.Column("circular_rule", sa.String(length=20), nullable=False,
                      server_default="unanimous")
        )
        batch.add_column(
            sa.Column("circular_days", sa.Integer(), nullable=False, server_default="7")
        )
    op.create_table(
        "agenda_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=True),
        sa.Column("proposed_at", UTCDateTime(), nullable=False),
        sa.Column("proposed_by", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_agenda_proposals_group_id_groups")
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_agenda_proposals_poll_id_polls")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_proposals")),
    )
    op.create_index(op.f("ix_agenda_proposals_group_id"), "agenda_proposals", ["group_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_agenda_proposals_group_id"), table_name="agenda_proposals")
    op.drop_table("agenda_proposals")
    with op.batch_alter_table("groups") as batch:
        batch.drop_column("circular_days")
        batch.drop_column("circular_rule")
