"""Meetings, their occurrences, agenda, answers, attendance.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("first_start", UTCDateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("repeat", sa.String(length=20), nullable=True),
        sa.Column("repeat_until", sa.Date(), nullable=True),
        sa.Column("uid", sa.String(length=255), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("materialized_until", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _fk("meetings", "group_id", "groups"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("group_id", "number", name=op.f("uq_meetings_group_id")),
        sa.UniqueConstraint("uid", name=op.f("uq_meetings_uid")),
    )
    op.create_index(op.f("ix_meetings_group_id"), "meetings", ["group_id"])
    op.create_table(
        "occurrences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("original_start", UTCDateTime(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("changed", sa.Boolean(), nullable=False),
        _fk("occurrences", "meeting_id", "meetings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occurrences")),
        sa.UniqueConstraint(
            "meeting_id", "original_start", name=op.f("uq_occurrences_meeting_id")
        ),
    )
    op.create_index(op.f("ix_occurrences_meeting_id"), "occurrences", ["meeting_id"])
    op.create_index(op.f("ix_occurrences_starts_at"), "occurrences", ["starts_at"])
    op.create_table(
        "agenda_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("added_by", sa.String(length=255), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        _fk("agenda_entries", "occurrence_id", "occurrences"),
        _fk("agenda_entries", "item_id", "items"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_entries")),
    )
    op.create_index(
        op.f("ix_agenda_entries_occurrence_id"), "agenda_entries", ["occurrence_id"]
    )
    op.create_table(
        "meeting_messages",
        sa.Column("txn_id", sa.String(length=64), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        _fk("meeting_messages", "occurrence_id", "occurrences"),
        sa.PrimaryKeyConstraint("txn_id", name=op.f("pk_meeting_messages")),
    )
    op.create_index(
        op.f("ix_meeting_messages_occurrence_id"), "meeting_messages", ["occurrence_id"]
    )
    op.create_table(
        "rsvps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("answer", sa.String(length=20), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        _fk("rsvps", "occurrence_id", "occurrences"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rsvps")),
        sa.UniqueConstraint("event_id", name=op.f("uq_rsvps_event_id")),
    )
    op.create_index(op.f("ix_rsvps_occurrence_id"), "rsvps", ["occurrence_id"])
    op.create_table(
        "presence",
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("recorded_by", sa.String(length=255), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        _fk("presence", "occurrence_id", "occurrences"),
        sa.PrimaryKeyConstraint("occurrence_id", "user_id", name=op.f("pk_presence")),
    )
    op.create_table(
        "deputy_requests",
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        _fk("deputy_requests", "occurrence_id", "occurrences"),
        sa.PrimaryKeyConstraint("occurrence_id", "user_id", name=op.f("pk_deputy_requests")),
    )
    with op.batch_alter_table("agenda_proposals") as batch:
        batch.add_column(sa.Column("taken_up_by", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_agenda_proposals_taken_up_by_occurrences"), "occurrences",
            ["taken_up_by"], ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("agenda_proposals") as batch:
        batch.drop_constraint(
            op.f("fk_agenda_proposals_taken_up_by_occurrences"), type_="foreignkey"
        )
        batch.drop_column("taken_up_by")
    op.drop_table("deputy_requests")
    op.drop_table("presence")
    op.drop_index(op.f("ix_rsvps_occurrence_id"), table_name="rsvps")
    op.drop_table("rsvps")
    op.drop_index(op.f("ix_meeting_messages_occurrence_id"), table_name="meeting_messages")
    op.drop_table("meeting_messages")
    op.drop_index(op.f("ix_agenda_entries_occurrence_id"), table_name="agenda_entries")
    op.drop_table("agenda_entries")
    op.drop_index(op.f("ix_occurrences_starts_at"), table_name="occurrences")
    op.drop_index(op.f("ix_occurrences_meeting_id"), table_name="occurrences")
    op.drop_table("occurrences")
    op.drop_index(op.f("ix_meetings_group_id"), table_name="meetings")
    op.drop_table("meetings")
