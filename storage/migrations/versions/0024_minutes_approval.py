"""Minutes the group approves: a Niederschrift is a draft until approved, objections are
heard, the approval is a decision whose log entry carries the approved document's digest.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("groups", sa.Column("minutes_objection_days", sa.Integer(), nullable=False,
                                      server_default="14"))
    op.add_column("decisions", sa.Column("document", sa.JSON(), nullable=True))
    op.create_table(
        "minutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("posted_at", UTCDateTime(), nullable=False),
        sa.Column("objections_until", UTCDateTime(), nullable=False),
        sa.Column("agenda_entry_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", UTCDateTime(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(200), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"],
                                name=op.f("fk_minutes_group_id_groups")),
        sa.ForeignKeyConstraint(["occurrence_id"], ["occurrences.id"],
                                name=op.f("fk_minutes_occurrence_id_occurrences")),
        sa.ForeignKeyConstraint(["agenda_entry_id"], ["agenda_entries.id"],
                                name=op.f("fk_minutes_agenda_entry_id_agenda_entries")),
        sa.ForeignKeyConstraint(["decision_id"], ["decisions.id"],
                                name=op.f("fk_minutes_decision_id_decisions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes")),
        sa.UniqueConstraint("occurrence_id", "version", name=op.f("uq_minutes_occurrence_id")),
    )
    op.create_index(op.f("ix_minutes_group_id"), "minutes", ["group_id"])
    op.create_table(
        "minutes_objections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minutes_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["minutes_id"], ["minutes.id"],
                                name=op.f("fk_minutes_objections_minutes_id_minutes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_objections")),
    )
    op.create_index(op.f("ix_minutes_objections_minutes_id"), "minutes_objections",
                    ["minutes_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_minutes_objections_minutes_id"), table_name="minutes_objections")
    op.drop_table("minutes_objections")
    op.drop_index(op.f("ix_minutes_group_id"), table_name="minutes")
    op.drop_table("minutes")
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("document")
    with op.batch_alter_table("groups") as batch:
        batch.drop_column("minutes_objection_days")
