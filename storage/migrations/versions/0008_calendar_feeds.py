"""Calendar feeds: secret tokens (hashed), the group's attendee setting, change times.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("personal", sa.Boolean(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_calendar_tokens_group_id_groups")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_tokens_token_hash")),
    )
    op.create_index(op.f("ix_calendar_tokens_group_id"), "calendar_tokens", ["group_id"])
    with op.batch_alter_table("groups") as batch:
        batch.add_column(
            sa.Column("feed_attendees", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(
            sa.Column("scrub", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("updated_at", UTCDateTime(), nullable=True))
    op.execute("UPDATE meetings SET updated_at = created_at")
    with op.batch_alter_table("meetings") as batch:
        batch.alter_column("updated_at", existing_type=UTCDateTime(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("updated_at")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("scrub")
    with op.batch_alter_table("groups") as batch:
        batch.drop_column("feed_attendees")
    op.drop_index(op.f("ix_calendar_tokens_group_id"), table_name="calendar_tokens")
    op.drop_table("calendar_tokens")
