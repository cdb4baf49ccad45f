"""While a poll runs: its status message (edited in place as seats vote) and the group's
choices for it — whether the interim tally is shown, and how long before the deadline the
seats that have not voted are reminded.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN with defaults (SQLite does it in place; see 0015).
    op.add_column("polls", sa.Column("status_txn_id", sa.String(64), nullable=True))
    op.add_column("polls", sa.Column("status_revision", sa.Integer(), nullable=False,
                                     server_default="0"))
    op.add_column("polls", sa.Column("status_digest", sa.String(64), nullable=True))
    op.add_column("groups", sa.Column("live_tally", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.add_column("groups", sa.Column("poll_nudge", sa.String(20), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("groups") as batch:
        batch.drop_column("poll_nudge")
        batch.drop_column("live_tally")
    with op.batch_alter_table("polls") as batch:
        batch.drop_column("status_digest")
        batch.drop_column("status_revision")
        batch.drop_column("status_txn_id")
