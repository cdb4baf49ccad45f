"""Groups and their members, with organisations, roles, seats and deputies.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _enum(*values: str) -> sa.Enum:
    return sa.Enum(*values, native_enum=False, create_constraint=False, length=20)


def upgrade() -> None:
    op.create_table(
        "groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", _enum("steering", "working", "project"), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("language", _enum("de", "en"), nullable=False),
        sa.Column("quorum_percent", sa.Integer(), nullable=False),
        sa.Column(
            "majority_rule",
            _enum("simple", "absolute", "two-thirds", "unanimous"),
            nullable=False,
        ),
        sa.Column("notice_days", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groups")),
        sa.UniqueConstraint("room_id", name=op.f("uq_groups_room_id")),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column(
            "role", _enum("chair", "coordinator", "member", "advisor", "guest"), nullable=False
        ),
        sa.Column("voting", sa.Boolean(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("deputy_of_id", sa.Integer(), nullable=True),
        sa.Column("deputy_rank", sa.Integer(), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=255), nullable=False),
        sa.Column("removed_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["deputy_of_id"], ["members.id"], name=op.f("fk_members_deputy_of_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_members_group_id_groups")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("group_id", "user_id", name=op.f("uq_members_group_id")),
    )
    op.create_index(op.f("ix_members_group_id"), "members", ["group_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_members_group_id"), table_name="members")
    op.drop_table("members")
    op.drop_table("groups")
