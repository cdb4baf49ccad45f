"""How long a group keeps its reports' files and texts after their meeting, and when one was
removed.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("groups", sa.Column("report_retention_days", sa.Integer(), nullable=False,
                                      server_default="0"))
    op.add_column("reports", sa.Column("removed_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("removed_at")
    with op.batch_alter_table("groups") as batch:
        batch.drop_column("report_retention_days")
