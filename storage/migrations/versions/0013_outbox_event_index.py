"""An index on the outbox's sent event ids: a reaction names the announcement it answers by
that id, and the outbox keeps every message the bot sent.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_outbox_sent_event_id"), "outbox", ["sent_event_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_outbox_sent_event_id"), table_name="outbox")
