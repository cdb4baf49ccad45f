"""When each meeting date got the start it has: a reminder whose moment lay before that (a
meeting scheduled or moved at short notice) is never due.

Existing dates take their meeting's creation time.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("occurrences") as batch:
        batch.add_column(sa.Column("scheduled_at", UTCDateTime(), nullable=True))
    op.execute(
        "UPDATE occurrences SET scheduled_at = "
        "(SELECT meetings.created_at FROM meetings WHERE meetings.id = occurrences.meeting_id)"
    )
    with op.batch_alter_table("occurrences") as batch:
        batch.alter_column("scheduled_at", existing_type=UTCDateTime(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("occurrences") as batch:
        batch.drop_column("scheduled_at")
