"""Reminders: the group's reminder times and the reminders already sent.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("groups") as batch:
        batch.add_column(
            sa.Column("reminders", sa.String(length=100), nullable=False, server_default="7d,1d")
        )
    op.create_table(
        "sent_reminders",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sent_reminders")),
    )


def downgrade() -> None:
    op.drop_table("sent_reminders")
    with op.batch_alter_table("groups") as batch:
        batch.drop_column("reminders")
