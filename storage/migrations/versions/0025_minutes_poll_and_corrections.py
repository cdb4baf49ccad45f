"""Minutes approved by a poll (in the room or in writing), and corrected after approval by a
new version that names the one it corrects.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("minutes") as batch:
        batch.add_column(sa.Column("poll_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("corrects_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("correction", sa.Text(), nullable=True))
        batch.create_foreign_key(op.f("fk_minutes_poll_id_polls"), "polls",
                                 ["poll_id"], ["id"])
        batch.create_foreign_key(op.f("fk_minutes_corrects_id_minutes"), "minutes",
                                 ["corrects_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("minutes") as batch:
        batch.drop_constraint(op.f("fk_minutes_corrects_id_minutes"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_minutes_poll_id_polls"), type_="foreignkey")
        batch.drop_column("correction")
        batch.drop_column("corrects_id")
        batch.drop_column("poll_id")
