"""The group's record on the web: what a group publishes (nothing, to members, to anyone),
whether it names people, and members' personal links to it.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("groups", sa.Column("publish", sa.String(20), nullable=False,
                                      server_default="none"))
    op.add_column("groups", sa.Column("publish_names", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.create_table(
        "web_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("groups.id"), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_web_tokens_group_id", "web_tokens", ["group_id"])


def downgrade() -> None:
    op.drop_index("ix_web_tokens_group_id", "web_tokens")
    op.drop_table("web_tokens")
    with op.batch_alter_table("groups") as batch:
        batch.drop_column("publish_names")
        batch.drop_column("publish")
