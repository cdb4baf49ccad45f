"""Secret polls: who voted, apart from the counters of what was voted.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "secret_voters",
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("seat", sa.String(length=255), nullable=False),
        sa.Column("voter", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_secret_voters_poll_id_polls")
        ),
        sa.PrimaryKeyConstraint("poll_id", "seat", name=op.f("pk_secret_voters")),
    )
    op.create_table(
        "secret_tallies",
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=100), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_secret_tallies_poll_id_polls")
        ),
        sa.PrimaryKeyConstraint("poll_id", "answer", name=op.f("pk_secret_tallies")),
    )


def downgrade() -> None:
    op.drop_table("secret_tallies")
    op.drop_table("secret_voters")
