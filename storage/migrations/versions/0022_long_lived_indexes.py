"""Indexes for a group that has worked for years: its few open items are found without reading
the done ones, and its newest decisions without skipping other groups' entries.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_items_group_id_state", "items", ["group_id", "state", "number"])
    op.create_index("ix_decisions_group_id_id", "decisions", ["group_id", "id"])
    op.drop_index("ix_decisions_group_id", table_name="decisions")


def downgrade() -> None:
    op.create_index("ix_decisions_group_id", "decisions", ["group_id"])
    op.drop_index("ix_decisions_group_id_id", table_name="decisions")
    op.drop_index("ix_items_group_id_state", table_name="items")
