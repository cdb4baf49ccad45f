"""A roster file read and previewed, waiting for `!member import confirm`.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roster_imports",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("read_by", sa.String(255), nullable=False),
        sa.Column("read_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"],
                                name=op.f("fk_roster_imports_group_id_groups")),
        sa.PrimaryKeyConstraint("group_id", name=op.f("pk_roster_imports")),
    )


def downgrade() -> None:
    op.drop_table("roster_imports")
