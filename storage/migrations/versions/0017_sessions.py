"""The meeting itself in the room: sessions with presence and what was recorded under each
agenda entry, fixed TOP numbers ("4a"), a meeting's minute-taker and its video link.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("meetings", sa.Column("online_url", sa.String(500), nullable=True))
    op.add_column("meetings", sa.Column("scribe", sa.String(255), nullable=True))
    op.add_column("agenda_entries", sa.Column("label", sa.String(10), nullable=True))
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("started_by", sa.String(255), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("current_entry_id", sa.Integer(), nullable=True),
        sa.Column("start_txn_id", sa.String(64), nullable=False),
        sa.Column("quorate", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["occurrence_id"], ["occurrences.id"],
                                name=op.f("fk_sessions_occurrence_id_occurrences")),
        sa.ForeignKeyConstraint(["current_entry_id"], ["agenda_entries.id"],
                                name=op.f("fk_sessions_current_entry_id_agenda_entries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
        sa.UniqueConstraint("occurrence_id", name=op.f("uq_sessions_occurrence_id")),
    )
    op.create_table(
        "session_presence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("arrived_at", UTCDateTime(), nullable=False),
        sa.Column("left_at", UTCDateTime(), nullable=True),
        sa.Column("recorded_by", sa.String(255), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"],
                                name=op.f("fk_session_presence_session_id_sessions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_presence")),
    )
    op.create_index(op.f("ix_session_presence_session_id"), "session_presence", ["session_id"])
    op.create_table(
        "session_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("poll_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(255), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("undone_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"],
                                name=op.f("fk_session_records_session_id_sessions")),
        sa.ForeignKeyConstraint(["entry_id"], ["agenda_entries.id"],
                                name=op.f("fk_session_records_entry_id_agenda_entries")),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"],
                                name=op.f("fk_session_records_item_id_items")),
        sa.ForeignKeyConstraint(["decision_id"], ["decisions.id"],
                                name=op.f("fk_session_records_decision_id_decisions")),
        sa.ForeignKeyConstraint(["poll_id"], ["polls.id"],
                                name=op.f("fk_session_records_poll_id_polls")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_records")),
    )
    op.create_index(op.f("ix_session_records_session_id"), "session_records", ["session_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_session_records_session_id"), table_name="session_records")
    op.drop_table("session_records")
    op.drop_index(op.f("ix_session_presence_session_id"), table_name="session_presence")
    op.drop_table("session_presence")
    op.drop_table("sessions")
    with op.batch_alter_table("agenda_entries") as batch:
        batch.drop_column("label")
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("scribe")
        batch.drop_column("online_url")
